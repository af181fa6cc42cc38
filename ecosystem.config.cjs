// PM2 apps, one per agent. Fork mode and one instance each: an agent is one XMTP identity, and
// XMTP allows 10 installations per inbox, so agents scale by replicas (see README), not by
// PM2 cluster workers. Every app runs the built JavaScript (`npm run build`, which `npm install`
// runs) on plain Node, the one PM2 itself runs on: no TypeScript loader at run time.
const path = require("node:path");

const DRAIN_TIMEOUT_MS = 10_000;

/** @param {string} name the file in agents/ (built into dist/agents/) and the PM2 app name */
function agentApp(name, env = {}) {
  return {
    name,
    script: path.join(__dirname, "dist", "agents", `${name}.js`),
    cwd: __dirname,
    // node:sqlite is stable in use but still flagged experimental in Node 22: keep logs clean.
    node_args: ["--disable-warning=ExperimentalWarning"],
    exec_mode: "fork",
    instances: 1,
    // The runtime calls process.send("ready") once its streams are up and caught up.
    wait_ready: true,
    listen_timeout: 60_000,
    // PM2 sends SIGINT, the runtime drains for up to SWITCHBOARD_DRAIN_TIMEOUT_MS: wait longer.
    kill_timeout: DRAIN_TIMEOUT_MS + 5_000,
    autorestart: true,
    // No restart_delay / exp_backoff_restart_delay: with either, PM2 7 reports a crash-looping
    // app as "waiting restart" forever instead of "errored" once max_restarts is reached.
    max_restarts: 10,
    min_uptime: "20s",
    max_memory_restart: "512M",
    time: true,
    env: {
      NODE_ENV: "production",
      XMTP_ENV: "local",
      SWITCHBOARD_DATA_DIR: path.join(__dirname, ".data", name),
      SWITCHBOARD_DRAIN_TIMEOUT_MS: String(DRAIN_TIMEOUT_MS),
      ...env,
    },
  };
}

// The gatekeeper cannot start without its chain's RPC URL: it is started only once configured.
const configured = (name, variables) =>
  variables.every((variable) => process.env[variable]) ? [agentApp(name)] : [];

module.exports = {
  apps: [
    agentApp("all-in-one"),
    agentApp("pollbot"),
    agentApp("moderator"),
    ...configured("gatekeeper", ["TOKEN_GATE_RPC_URL"]),
  ],
};
