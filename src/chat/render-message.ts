import type { Actions, DecodedMessage, GroupUpdated } from "@xmtp/node-sdk";

/** How a message reads in the terminal chat (and the names it shows for inbox ids). */
export function renderMessage(
  message: DecodedMessage,
  nameOf: (inboxId: string) => string,
): string[] {
  const who = nameOf(message.senderInboxId);
  const content: unknown = message.content;
  switch (message.contentType?.typeId) {
    case "text":
    case "markdown":
      return prefixLines(who, String(content));
    case "reply": {
      const reply = content as { content?: unknown };
      return prefixLines(who, typeof reply.content === "string" ? reply.content : "(reply)");
    }
    case "reaction":
      return [`${who} reacted ${(content as { content: string }).content}`];
    case "actions": {
      const actions = content as Actions;
      return [
        ...prefixLines(who, actions.description),
        `    ${actions.actions.map((action, index) => `[${index + 1}] ${action.label}`).join("   ")}   (type .pick N)`,
      ];
    }
    case "intent":
      return [`${who} tapped ${(content as { actionId: string }).actionId}`];
    case "group_updated":
      return [`· ${describeGroupUpdate(content as GroupUpdated, nameOf)}`];
    default:
      return [];
  }
}

function prefixLines(who: string, text: string): string[] {
  return text
    .split("\n")
    .map((line, index) =>
      index === 0 ? `${who} › ${line}` : `${" ".repeat(who.length)}   ${line}`,
    );
}

function describeGroupUpdate(update: GroupUpdated, nameOf: (inboxId: string) => string): string {
  const by = nameOf(update.initiatedByInboxId);
  const parts: string[] = [];
  if (update.addedInboxes.length)
    parts.push(`added ${update.addedInboxes.map((i) => nameOf(i.inboxId)).join(", ")}`);
  if (update.removedInboxes.length)
    parts.push(`removed ${update.removedInboxes.map((i) => nameOf(i.inboxId)).join(", ")}`);
  for (const field of update.metadataFieldChanges)
    parts.push(`set ${field.fieldName} to "${field.newValue ?? ""}"`);
  return `${by} ${parts.join("; ") || "updated the group"}`;
}
