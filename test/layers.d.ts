// Types of test/layers.js (a plain module, so that jest.config.js can require it).
export declare const unit: string[];
export declare const store: string[];
export declare const system: string[];
