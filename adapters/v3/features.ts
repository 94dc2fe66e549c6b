// Ctrl-Hub's `meta.features` on collection responses: what the collection can include.
import type { Json } from './document';
import { INCLUDE_PATHS, type ResourceType } from './resource-types';

export function features(type: ResourceType): { features: Json } {
  return { features: { include: { options: [...INCLUDE_PATHS[type]] } } };
}
