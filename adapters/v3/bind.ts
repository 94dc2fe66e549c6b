// v3's binder: catalogue entries become rows of its table under its tags (the catalogue's
// resources in v3's words).
import { binder } from '../../src/http/kernel/bind';
import { TAGS } from '../../schemas/v3/api';

export const bind = binder(TAGS);
