// A Map that holds at most `max` entries: setting a new key when it is full forgets the entry set
// longest ago (setting a key again makes it the newest). For state keyed by what clients send.
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(readonly max: number) {
    super();
  }

  override set(key: K, value: V): this {
    if (this.has(key)) this.delete(key);
    else if (this.size >= this.max) this.delete(this.keys().next().value as K);
    return super.set(key, value);
  }
}
