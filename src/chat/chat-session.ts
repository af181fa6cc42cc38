import { type Actions, type Conversation, type DecodedMessage, Group } from "@xmtp/node-sdk";
import { TestUser } from "../testing/test-user.js";
import { renderMessage } from "./render-message.js";

const SHELL_HELP = [
  "Type a message to send it to the agent (try /help).",
  "  .pick N         tap button N of the agent's latest buttons",
  "  .group [name]   create a group with the agent, you and two simulated members (bob, carol)",
  "  .as NAME TEXT   say TEXT as a simulated member (in the current group)",
  "  .members        list the current group's members and roles",
  "  .dm             back to your direct chat with the agent",
  "  .quit           leave",
].join("\n");

const SIMULATED_MEMBERS = ["bob", "carol"] as const;

/**
 * The terminal chat's logic, independent of the terminal: lines in, printed lines out. You are a
 * simulated user (a real XMTP client on the devnode) talking to the agent; groups add two more.
 *
 * @example
 * const session = await ChatSession.open({ agentAddress, agentInboxId, print: console.log });
 * await session.handle("/help");
 */
export class ChatSession {
  readonly #you: TestUser;
  readonly #print: (line: string) => void;
  readonly #agent: { address: string; inboxId: string };
  readonly #members = new Map<string, TestUser>();
  #conversation: Conversation;
  #latestActions: Actions | undefined;

  private constructor(
    you: TestUser,
    dm: Conversation,
    agent: { address: string; inboxId: string },
    print: (line: string) => void,
  ) {
    this.#you = you;
    this.#conversation = dm;
    this.#agent = agent;
    this.#print = print;
    you.log.onMessage((message) => this.#show(message));
  }

  static async open(options: {
    agentAddress: string;
    agentInboxId: string;
    print: (line: string) => void;
  }): Promise<ChatSession> {
    const you = await TestUser.create({ name: "you" });
    const dm = await you.dmWith(options.agentAddress);
    return new ChatSession(
      you,
      dm,
      { address: options.agentAddress, inboxId: options.agentInboxId },
      options.print,
    );
  }

  get help(): string {
    return SHELL_HELP;
  }

  /** Handles one line typed by the user; resolves false when the user asked to quit. */
  async handle(line: string): Promise<boolean> {
    const text = line.trim();
    if (!text) return true;
    if (!text.startsWith(".")) {
      await this.#conversation.sendText(text);
      return true;
    }
    const [command = "", ...rest] = text.slice(1).split(/\s+/);
    switch (command) {
      case "quit":
      case "exit":
        return false;
      case "help":
        this.#print(SHELL_HELP);
        return true;
      case "pick":
        await this.#pick(rest[0]);
        return true;
      case "group":
        await this.#openGroup(rest.join(" ") || "Switchboard demo");
        return true;
      case "as":
        await this.#sayAs(rest[0], rest.slice(1).join(" "));
        return true;
      case "members":
        await this.#listMembers();
        return true;
      case "dm":
        this.#conversation = await this.#you.dmWith(this.#agent.address);
        this.#print("· back in your DM with the agent");
        return true;
      default:
        this.#print(`Unknown shell command .${command} (try .help)`);
        return true;
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.#you, ...this.#members.values()].map((user) => user.stop()));
  }

  #nameOf = (inboxId: string): string => {
    if (inboxId === this.#agent.inboxId) return "agent";
    if (inboxId === this.#you.inboxId) return "you";
    for (const [name, user] of this.#members) if (user.inboxId === inboxId) return name;
    return inboxId.slice(0, 8);
  };

  #show(message: DecodedMessage): void {
    if (message.conversationId !== this.#conversation.id) return;
    // What you typed is already on your screen.
    if (message.senderInboxId === this.#you.inboxId && message.contentType?.typeId === "text")
      return;
    if (message.contentType?.typeId === "actions") this.#latestActions = message.content as Actions;
    for (const line of renderMessage(message, this.#nameOf)) this.#print(line);
  }

  async #pick(choice: string | undefined): Promise<void> {
    const actions = this.#latestActions;
    const index = Number(choice) - 1;
    const action = actions?.actions[index];
    if (!actions || !action) {
      this.#print(
        actions
          ? `Pick a number from 1 to ${actions.actions.length}`
          : "No buttons to pick from yet",
      );
      return;
    }
    await this.#you.tapAction(this.#conversation, actions.id, action.id);
    this.#print(`· you tapped "${action.label}"`);
  }

  async #openGroup(name: string): Promise<void> {
    for (const member of SIMULATED_MEMBERS) {
      if (!this.#members.has(member))
        this.#members.set(member, await TestUser.create({ name: member }));
    }
    const addresses = [
      this.#agent.address,
      ...[...this.#members.values()].map((user) => user.address),
    ];
    this.#conversation = await this.#you.createGroup(addresses, { name });
    this.#latestActions = undefined;
    this.#print(
      `· created group "${name}" with the agent, ${SIMULATED_MEMBERS.join(" and ")}; you are its super admin`,
    );
  }

  async #sayAs(name: string | undefined, text: string): Promise<void> {
    const member = name ? this.#members.get(name) : undefined;
    if (!member || !text) {
      this.#print(`Usage: .as ${SIMULATED_MEMBERS.join("|")} TEXT (after .group)`);
      return;
    }
    const conversation = await member.conversation(this.#conversation.id);
    await conversation.sendText(text);
    this.#print(`${name} › ${text}`);
  }

  async #listMembers(): Promise<void> {
    const group = this.#conversation;
    if (!(group instanceof Group)) {
      this.#print("· a DM has two members: you and the agent");
      return;
    }
    await group.sync();
    for (const member of await group.members()) {
      const role = group.isSuperAdmin(member.inboxId)
        ? "super admin"
        : group.isAdmin(member.inboxId)
          ? "admin"
          : "member";
      this.#print(`· ${this.#nameOf(member.inboxId)} (${role})`);
    }
  }
}
