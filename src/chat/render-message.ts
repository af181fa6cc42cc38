import type { Actions, DecodedMessage, GroupUpdated, Intent } from "@xmtp/node-sdk";
import type { PollButtonsState } from "../skills/polls/poll-buttons-state.js";
import { markdownForTerminal } from "./terminal-markdown.js";

/** What the terminal needs to word a message: names for inbox ids, labels for tapped buttons. */
export interface RenderLookups {
  nameOf(inboxId: string): string;
  /** Names behind the short addresses the agent writes (see `withNames`). */
  withNames(text: string): string;
  /** The label of button `actionId` on actions `actionsId`, when the chat has seen them. */
  buttonLabel(actionsId: string, actionId: string): string | undefined;
}

/** How a message reads in the terminal chat. */
export function renderMessage(message: DecodedMessage, lookups: RenderLookups): string[] {
  const who = lookups.nameOf(message.senderInboxId);
  const content: unknown = message.content;
  const body = (text: string) => prefixLines(who, lookups.withNames(markdownForTerminal(text)));
  switch (message.contentType?.typeId) {
    case "text":
    case "markdown":
      return body(String(content));
    case "reply": {
      const reply = content as { content?: unknown };
      return typeof reply.content === "string" ? body(reply.content) : prefixLines(who, "(reply)");
    }
    case "reaction":
      return [`${who} reacted ${(content as { content: string }).content}`];
    case "actions": {
      const actions = content as Actions;
      return [...body(actions.description), `    ${buttonsLine(actions)}   (type .pick N)`];
    }
    case "intent": {
      const intent = content as Intent;
      const label = lookups.buttonLabel(intent.id, intent.actionId) ?? intent.actionId;
      return [`· ${who} tapped "${label}"`];
    }
    case "group_updated":
      return [`· ${describeGroupUpdate(content as GroupUpdated, lookups.nameOf)}`];
    default:
      return [];
  }
}

/**
 * A poll's buttons with its live tally, the viewer's own choice marked ✓, and whether they
 * still take taps: `📊 [1] pizza 2 ✓   [2] sushi 1   · 3 voters`.
 */
export function renderPollState(
  actions: Actions,
  state: PollButtonsState,
  viewerInboxId: string,
): string {
  const mine = state.choices[viewerInboxId];
  const buttons = buttonsLine(actions, (index) => {
    const votes = state.votes[index] ?? 0;
    return ` ${votes}${index === mine ? " ✓" : ""}`;
  });
  const voters = `${state.voters} voter${state.voters === 1 ? "" : "s"}`;
  return state.open
    ? `    📊 ${buttons}   · ${voters}`
    : `    🔒 poll #${state.number} closed: ${buttons}   · ${voters}`;
}

function buttonsLine(actions: Actions, suffix: (index: number) => string = () => ""): string {
  return actions.actions
    .map((action, index) => `[${index + 1}] ${action.label}${suffix(Number(action.id))}`)
    .join("   ");
}

function prefixLines(who: string, text: string): string[] {
  return text
    .split("\n")
    .map((line, index) =>
      index === 0 ? `${who} › ${line}` : `${" ".repeat(who.length)}   ${line}`,
    );
}

/** "alice added bob, carol", "agent removed bob": shared by the terminal and the playground. */
export function describeGroupUpdate(
  update: GroupUpdated,
  nameOf: (inboxId: string) => string,
): string {
  const by = nameOf(update.initiatedByInboxId);
  const parts: string[] = [];
  if (update.addedInboxes.length)
    parts.push(`added ${update.addedInboxes.map((i) => nameOf(i.inboxId)).join(", ")}`);
  if (update.removedInboxes.length)
    parts.push(`removed ${update.removedInboxes.map((i) => nameOf(i.inboxId)).join(", ")}`);
  if (update.addedAdminInboxes?.length)
    parts.push(
      `made ${update.addedAdminInboxes.map((i) => nameOf(i.inboxId)).join(", ")} an admin`,
    );
  if (update.addedSuperAdminInboxes?.length)
    parts.push(
      `made ${update.addedSuperAdminInboxes.map((i) => nameOf(i.inboxId)).join(", ")} a super admin`,
    );
  for (const field of update.metadataFieldChanges)
    parts.push(`set ${field.fieldName} to "${field.newValue ?? ""}"`);
  return `${by} ${parts.join("; ") || "updated the group"}`;
}
