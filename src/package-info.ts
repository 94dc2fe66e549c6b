// The service's name and version, from package.json (GET /, the platform document, iamgate_build_info).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface PackageInfo {
  name: string;
  version: string;
  description?: string;
}

/** The nearest package.json above this file (src under ts-jest, dist/src when built). */
export function packageInfo(from = __dirname): PackageInfo {
  for (let dir = from; ; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageInfo;
      return { name: pkg.name, version: pkg.version, description: pkg.description };
    } catch {
      if (dirname(dir) === dir) return { name: 'iamgate', version: '0.0.0' };
    }
  }
}
