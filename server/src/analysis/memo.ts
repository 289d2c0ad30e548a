/**
 * Memoised functions of a text, for values a manifest asks for many times with few distinct texts
 * (image references, quantities, program names): five to ten lookups per container would otherwise
 * each parse again. The values are shared between callers and analyses, so they must only be read.
 * The table is emptied when it reaches `limit` texts, so a file of generated names cannot grow it.
 * A pure function of the text: the cache changes no result, only how soon it comes.
 */
export function memoByText<T>(read: (text: string) => T, limit = 512): (text: string) => T {
  const known = new Map<string, T>();
  return (text: string): T => {
    let value = known.get(text);
    if (value === undefined && !known.has(text)) {
      if (known.size >= limit) known.clear();
      value = read(text);
      known.set(text, value);
    }
    return value as T;
  };
}
