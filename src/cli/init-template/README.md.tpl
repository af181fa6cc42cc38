# {{name}}

An XMTP agent built with [Switchboard](https://www.npmjs.com/package/switchboard).

```sh
npm install
npm start        # a local XMTP node + this agent + a terminal chat with it: try /echo hi
npm test         # type-check, then a real user talks to the agent on a local node
```

- `agent.ts`: the agent's skills. `main.ts` runs it; `agent.test.ts` tests it.
- `npm run agent` runs it on the network named by `XMTP_ENV` in `.env` (see `.env.example`;
  `npx switchboard keygen --out .env` creates its identity). Locally, start a node first with
  `npx switchboard devnode`.
- Production: `pm2 start ecosystem.config.cjs` (Node >= 22.18 runs the TypeScript as it is).
