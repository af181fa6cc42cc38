import { describe, expect, it } from "vitest";
import { isParticipant, type ParticipantView } from "./is-participant.js";

/** A context stand-in: only what isParticipant reads. */
function view(kind: "dm" | "group", sender: string | undefined): ParticipantView {
  const conversation = { peerInboxId: "peer", members: async () => [{ inboxId: "member" }] };
  return {
    senderInboxId: sender,
    isDm: () => kind === "dm",
    isGroup: () => kind === "group",
    conversation,
  } as unknown as ParticipantView;
}

describe("isParticipant", () => {
  it("accepts only the peer of a DM", async () => {
    expect(await isParticipant(view("dm", "peer"))).toBe(true);
    expect(await isParticipant(view("dm", "member"))).toBe(false);
  });

  it("accepts only current members of a group", async () => {
    expect(await isParticipant(view("group", "member"))).toBe(true);
    expect(await isParticipant(view("group", "peer"))).toBe(false);
  });

  it("refuses an event without a sender", async () => {
    expect(await isParticipant(view("group", undefined))).toBe(false);
  });
});
