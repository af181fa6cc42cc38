/** Anything delivered on a topic carries the id the devnode assigned it. */
export interface Sequenced {
  id: number;
}

/** One open subscription: the last id it was sent, per topic. */
interface Subscriber<T> {
  cursors: Map<string, number>;
  deliver(item: T): void;
}

/**
 * Fans new items out to the subscriptions watching their topic, never sending a subscriber an id
 * at or below what it already has. Because the devnode's store is synchronous, a subscription
 * replays history and registers here in one tick, so no item can slip between the two.
 */
export class TopicHub<T extends Sequenced> {
  readonly #byTopic = new Map<string, Set<Subscriber<T>>>();

  /** Registers a subscriber; returns the function that removes it. */
  subscribe(cursors: Map<string, number>, deliver: (item: T) => void): () => void {
    const subscriber: Subscriber<T> = { cursors, deliver };
    for (const topic of cursors.keys()) {
      let set = this.#byTopic.get(topic);
      if (!set) {
        set = new Set();
        this.#byTopic.set(topic, set);
      }
      set.add(subscriber);
    }
    return () => {
      for (const topic of cursors.keys()) {
        const set = this.#byTopic.get(topic);
        set?.delete(subscriber);
        if (set?.size === 0) this.#byTopic.delete(topic);
      }
    };
  }

  publish(topic: string, item: T): void {
    for (const subscriber of this.#byTopic.get(topic) ?? []) {
      if (item.id <= (subscriber.cursors.get(topic) ?? 0)) continue;
      subscriber.cursors.set(topic, item.id);
      subscriber.deliver(item);
    }
  }

  get subscriberCount(): number {
    const all = new Set<Subscriber<T>>();
    for (const set of this.#byTopic.values()) for (const subscriber of set) all.add(subscriber);
    return all.size;
  }
}

/** Topics are byte strings on the wire; hex makes them map keys. */
export const topicOf = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");
