// The key of a cache entry for one database handle: a process may serve several databases (as
// tests do), so every handle's keys carry their own prefix, numbered in the order handles are
// first seen. Held weakly: a handle that is dropped takes its prefix with it.
const handlePrefixes = new WeakMap<object, string>();
let handles = 0;

/** `key` for `handle`: the same handle and key always give the same string, two handles never do. */
export function handleKey(handle: object, key: string): string {
  let prefix = handlePrefixes.get(handle);
  if (prefix === undefined) {
    handles += 1;
    prefix = `${handles}:`;
    handlePrefixes.set(handle, prefix);
  }
  return prefix + key;
}
