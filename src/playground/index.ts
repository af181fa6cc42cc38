export { escapeHtml, renderMarkdown, renderText } from "./markdown.js";
export type {
  AgentView,
  ButtonView,
  ConversationView,
  LogLineView,
  MemberView,
  MessageView,
  PlaygroundEvent,
  Role,
  Snapshot,
  UserView,
} from "./playground-protocol.js";
export {
  DEFAULT_PLAYGROUND_PORT,
  type Playground,
  type PlaygroundOptions,
  startPlayground,
} from "./playground-server.js";
export { PlaygroundSession, type PlaygroundSessionOptions } from "./playground-session.js";
