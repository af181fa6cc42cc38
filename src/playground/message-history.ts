import type { DecodedMessage, Reaction } from "@xmtp/node-sdk";
import { ReactionAction } from "../xmtp/enums.js";
import { messageView, type ViewLookups } from "./message-view.js";
import type { MessageView, PollView } from "./playground-protocol.js";

/**
 * Every message any simulated user received, once: members of one group all receive its
 * messages, so they are kept by id. Reactions are applied to the message they point at.
 *
 * @example
 * const history = new MessageHistory({ nameOf: (inboxId) => names.get(inboxId) ?? inboxId, withNames });
 * for (const view of history.record(message)) broadcast(view);
 */
export class MessageHistory {
  readonly #lookups: Pick<ViewLookups, "nameOf" | "withNames">;
  readonly #seen = new Set<string>();
  readonly #views = new Map<string, MessageView>();
  readonly #texts = new Map<string, string>();
  /** Intents name buttons by the actions' own id, which is not the message id. */
  readonly #actions = new Map<string, NonNullable<MessageView["actions"]>>();

  constructor(lookups: Pick<ViewLookups, "nameOf" | "withNames">) {
    this.#lookups = lookups;
  }

  /** Records a message; returns the views that changed (the new one, or a reaction's target). */
  record(message: DecodedMessage): MessageView[] {
    if (this.#seen.has(message.id)) return [];
    this.#seen.add(message.id);
    if (message.contentType?.typeId === "reaction") {
      const target = this.#react(message as DecodedMessage<Reaction>);
      return target ? [target] : [];
    }
    const viewed = messageView(message, {
      ...this.#lookups,
      quote: (id) => {
        const view = this.#views.get(id);
        const text = this.#texts.get(id);
        return view && text !== undefined ? { sender: view.sender, text } : undefined;
      },
      buttonLabel: (actionsId, actionId) =>
        this.#actions.get(actionsId)?.buttons.find((button) => button.id === actionId)?.label,
    });
    if (!viewed) return [];
    this.#views.set(message.id, viewed.view);
    if (viewed.view.actions) this.#actions.set(viewed.view.actions.id, viewed.view.actions);
    this.#texts.set(message.id, viewed.text);
    return [viewed.view];
  }

  /** Sets the live state of the poll behind buttons `actionsId`; returns the changed view. */
  setPoll(actionsId: string, poll: PollView): MessageView | undefined {
    const actions = this.#actions.get(actionsId);
    if (!actions) return undefined;
    actions.poll = poll;
    return [...this.#views.values()].find((view) => view.actions === actions);
  }

  get(messageId: string): MessageView | undefined {
    return this.#views.get(messageId);
  }

  /** All recorded messages, in the order they arrived. */
  all(): MessageView[] {
    return [...this.#views.values()];
  }

  #react(message: DecodedMessage<Reaction>): MessageView | undefined {
    const reaction = message.content;
    const target = reaction && this.#views.get(reaction.reference);
    if (!reaction || !target) return undefined;
    const who = this.#lookups.nameOf(message.senderInboxId);
    const names = (target.reactions[reaction.content] ?? []).filter((name) => name !== who);
    if (reaction.action !== ReactionAction.Removed) names.push(who);
    if (names.length > 0) target.reactions[reaction.content] = names;
    else delete target.reactions[reaction.content];
    return target;
  }
}
