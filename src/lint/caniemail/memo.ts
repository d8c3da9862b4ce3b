/**
 * Remembers a pure function's results by its string argument, forgetting
 * the oldest once `max` are kept, so a long `dev` session cannot grow it
 * without bound. The results are shared: callers must not change them.
 */
export function memo<T>(max: number, fn: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key: string): T => {
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const value = fn(key);
    if (cache.size >= max) cache.delete(cache.keys().next().value!);
    cache.set(key, value);
    return value;
  };
}
