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

/** Where an object's `ObjectMemo` values live: one array per object, each memo at its own index. */
const SLOTS = Symbol('initlens.memo');
let memos = 0;

/**
 * The key of the slot an object made to be memoised on declares when it is built (`[MEMO]: undefined`
 * in its literal: the model's containers and Pods): the first value kept on it is then a plain
 * store. Adding the slot later (`Object.defineProperty`) was a runtime call and a new hidden class
 * per object, so the same containers read by every rule came in two shapes, before and after.
 * A copy of such an object must start without its values: `{ ...old, [MEMO]: undefined }`.
 */
export const MEMO: typeof SLOTS = SLOTS;

/** An object that declares its memo slot (see `MEMO`). */
export interface Memoized {
  [MEMO]?: unknown[];
}

type WithSlots = { [SLOTS]?: unknown[] };

/**
 * A value worked out from a model object (a container, a Pod) and kept on the object itself, the
 * way a `WeakMap` keyed by it would keep it. Not a `WeakMap`: V8's young-generation collector keeps
 * a `WeakMap`'s entries whose keys are young alive and promotes them, so every analysis's facts and
 * the trees they point to (about 50 KB for a 130-line file) reached the old generation, and the
 * analysis spent about five times the parse's share of its time in the collector (`--trace-gc`).
 * An object that does not declare the slot (`MEMO`) gets it as a non-enumerable property, so a copy
 * of it (`{ ...container }`) starts without the values and works its own out (or is handed them).
 */
export class ObjectMemo<K extends object, V> {
  private readonly index = memos++;

  get(key: K): V | undefined {
    const slots = (key as WithSlots)[SLOTS];
    return slots === undefined ? undefined : (slots[this.index] as V | undefined);
  }

  set(key: K, value: V): void {
    let slots = (key as WithSlots)[SLOTS];
    if (slots === undefined) {
      slots = [];
      if (Object.hasOwn(key, SLOTS)) (key as WithSlots)[SLOTS] = slots;
      else Object.defineProperty(key, SLOTS, { value: slots, enumerable: false });
    }
    slots[this.index] = value;
  }
}
