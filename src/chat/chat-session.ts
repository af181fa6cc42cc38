import { type Actions, type Conversation, type DecodedMessage, Group } from "@xmtp/node-sdk";
import type { Skill } from "../skill/skill.js";
import { shortAddress } from "../skills/membership/member-label.js";
import type { PollButtonsState } from "../skills/polls/poll-buttons-state.js";
import { TestUser } from "../testing/test-user.js";
import { createDemoGroup } from "./demo-group.js";
import { memberCommandNames, type NamedMember, withAddresses, withNames } from "./member-names.js";
import { PollWatch, type WatchedAgent } from "./poll-watch.js";
import { renderMessage, renderPollState } from "./render-message.js";

const SHELL_HELP = [
  "Type a message to send it to the agent (try /help).",
  "  .pick N         tap button N of the agent's latest buttons",
  "  .group [name]   create a group with the agent (its admin), you and bob and carol",
  "  .as NAME TEXT   say TEXT as bob or carol in the group; .as bob .pick 2 taps for bob",
  "  .members        list the group's members, their addresses and roles",
  "  .dm             back to your direct chat with the agent",
  "  .quit           leave",
  "In commands, members can be named: /kick bob, /warn carol, /promote bob.",
].join("\n");

const SIMULATED_MEMBERS = ["bob", "carol"] as const;

/** The running agent the chat talks to, and reads poll state from. */
export interface ChatAgent extends WatchedAgent {
  address: string;
  inboxId: string;
}

/**
 * The terminal chat's logic, independent of the terminal: lines in, printed lines out. You are a
 * simulated user (a real XMTP client on the devnode) talking to the agent; groups add bob and
 * carol, who can speak and tap buttons too (`.as bob ...`).
 *
 * @example
 * const session = await ChatSession.open({ agent, skills, print: console.log });
 * await session.handle("/help");
 */
export class ChatSession {
  readonly #you: TestUser;
  readonly #print: (line: string) => void;
  readonly #agent: ChatAgent;
  readonly #memberCommands: ReadonlySet<string>;
  readonly #members = new Map<string, TestUser>();
  /** Every actions message seen, by actions id: for labels and redrawing tallies. */
  readonly #actions = new Map<string, { conversationId: string; actions: Actions }>();
  readonly #polls: PollWatch;
  #conversation: Conversation;
  #latestActions: Actions | undefined;

  private constructor(
    you: TestUser,
    dm: Conversation,
    options: { agent: ChatAgent; skills: readonly Skill[]; print: (line: string) => void },
  ) {
    this.#you = you;
    this.#conversation = dm;
    this.#agent = options.agent;
    this.#print = options.print;
    this.#memberCommands = memberCommandNames(
      options.skills.flatMap((skill) => skill.commands.map((entry) => entry.command)),
    );
    this.#polls = new PollWatch(options.agent, (conversationId, actionsId, state) =>
      this.#showPoll(conversationId, actionsId, state),
    );
    you.log.onMessage((message) => this.#show(message));
  }

  static async open(options: {
    agent: ChatAgent;
    /** The agent's skills: which commands take members, so `/kick bob` can name them. */
    skills: readonly Skill[];
    print: (line: string) => void;
  }): Promise<ChatSession> {
    const you = await TestUser.create({ name: "you" });
    const dm = await you.dmWith(options.agent.address);
    return new ChatSession(you, dm, options);
  }

  get help(): string {
    return SHELL_HELP;
  }

  /** Handles one line typed by the user; resolves false when the user asked to quit. */
  async handle(line: string): Promise<boolean> {
    const text = line.trim();
    if (!text) return true;
    if (!text.startsWith(".")) {
      await this.#conversation.sendText(this.#withAddresses(text));
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
        await this.#pick(this.#you, rest[0]);
        return true;
      case "group":
        await this.#openGroup(rest.join(" ") || "Switchboard demo");
        return true;
      case "as":
        await this.#actAs(rest[0], text.replace(/^\.as\s+\S+\s*/, ""));
        return true;
      case "members":
        await this.#listMembers();
        return true;
      case "dm":
        this.#conversation = await this.#you.dmWith(this.#agent.address);
        this.#latestActions = undefined;
        this.#print("· back in your DM with the agent");
        return true;
      default:
        this.#print(`Unknown shell command .${command} (try .help)`);
        return true;
    }
  }

  async close(): Promise<void> {
    await this.#polls.stop();
    await Promise.all([this.#you, ...this.#members.values()].map((user) => user.stop()));
  }

  #named(): NamedMember[] {
    return [this.#you, ...this.#members.values()].map((user) => ({
      name: user.name,
      address: user.address,
    }));
  }

  #withAddresses(text: string): string {
    return withAddresses(text, this.#named(), this.#memberCommands);
  }

  #nameOf = (inboxId: string): string => {
    if (inboxId === this.#agent.inboxId) return "agent";
    if (inboxId === this.#you.inboxId) return "you";
    for (const [name, user] of this.#members) if (user.inboxId === inboxId) return name;
    return inboxId.slice(0, 8);
  };

  #show(message: DecodedMessage): void {
    const typeId = message.contentType?.typeId;
    if (typeId === "actions") {
      const actions = message.content as Actions;
      this.#actions.set(actions.id, { conversationId: message.conversationId, actions });
      void this.#polls.track(message.conversationId, actions.id);
    }
    if (message.conversationId !== this.#conversation.id) return;
    // What you typed or tapped is already on your screen.
    const yours = message.senderInboxId === this.#you.inboxId;
    if (yours && (typeId === "text" || typeId === "intent")) return;
    if (typeId === "actions") this.#latestActions = message.content as Actions;
    const lines = renderMessage(message, {
      nameOf: this.#nameOf,
      withNames: (text) => withNames(text, this.#named()),
      buttonLabel: (actionsId, actionId) =>
        this.#actions.get(actionsId)?.actions.actions.find((action) => action.id === actionId)
          ?.label,
    });
    for (const line of lines) this.#print(line);
    // The agent's answers (a closed poll...) can change what buttons show.
    if (message.senderInboxId === this.#agent.inboxId)
      void this.#polls.refresh(message.conversationId);
  }

  #showPoll(conversationId: string, actionsId: string, state: PollButtonsState): void {
    const seen = this.#actions.get(actionsId);
    if (!seen || conversationId !== this.#conversation.id) return;
    // A poll with no votes yet reads as its buttons did; only changes are worth a line.
    if (state.open && state.voters === 0) return;
    this.#print(renderPollState(seen.actions, state, this.#you.inboxId));
  }

  async #pick(user: TestUser, choice: string | undefined): Promise<void> {
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
    const poll = await this.#polls.state(actions.id);
    if (poll && !poll.open) {
      this.#print(`· poll #${poll.number} is closed: its buttons no longer take taps`);
      return;
    }
    const conversation = await user.conversation(this.#conversation.id);
    await user.tapAction(conversation, actions.id, action.id);
    const who = user === this.#you ? "you" : user.name;
    this.#print(`· ${who} tapped "${action.label}"`);
  }

  async #openGroup(name: string): Promise<void> {
    for (const member of SIMULATED_MEMBERS) {
      if (!this.#members.has(member))
        this.#members.set(member, await TestUser.create({ name: member }));
    }
    const group = await createDemoGroup(this.#you, this.#agent, [...this.#members.values()], name);
    this.#conversation = group;
    this.#latestActions = undefined;
    // What arrived while the group was being set up (who added whom) was not shown yet.
    for (const message of this.#you.log.messages)
      if (message.conversationId === group.id) this.#show(message);
    this.#print(
      `· created group "${name}" with the agent (an admin), ${SIMULATED_MEMBERS.join(" and ")}; you are its super admin`,
    );
  }

  async #actAs(name: string | undefined, text: string): Promise<void> {
    const member = name ? this.#members.get(name) : undefined;
    if (!member || !text) {
      this.#print(`Usage: .as ${SIMULATED_MEMBERS.join("|")} TEXT or .pick N (after .group)`);
      return;
    }
    const pick = /^\.pick\s+(\S+)$/.exec(text);
    if (pick) {
      await this.#pick(member, pick[1]);
      return;
    }
    // The group's stream shows the line once it is sent, as it shows anyone's.
    const conversation = await member.conversation(this.#conversation.id);
    await conversation.sendText(this.#withAddresses(text));
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
      const address = member.accountIdentifiers[0]?.identifier;
      const shown = [this.#nameOf(member.inboxId), address && shortAddress(address), `(${role})`];
      this.#print(`· ${shown.filter(Boolean).join(" ")}`);
    }
  }
}
