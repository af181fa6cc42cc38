/**
 * `npm run bench:devnode -- [flags]`: message latency and throughput through the devnode
 * between real XMTP clients, for N users in DMs and in one group, against a 1:1 DM
 * ping-pong measured in the same run. `--help` lists the flags.
 */
import { z } from "zod";
import { ensureDevnode } from "./lib/devnode.js";
import { printEnvironment } from "./lib/environment.js";
import { intFlag, listFlag, parseFlags } from "./lib/flags.js";
import { fmt } from "./lib/format.js";
import { runMain } from "./lib/run-main.js";
import { printTable } from "./lib/table.js";
import { createUsers, disposeUsers } from "./lib/users.js";
import { flood } from "./traffic/flood.js";
import { pingPong } from "./traffic/ping-pong.js";
import { dmRing, oneGroup } from "./traffic/plans.js";
import { type TrafficResult, trafficRow } from "./traffic/traffic-result.js";

const flagsSchema = z.object({
  sizes: listFlag(z.coerce.number().int().min(2).max(50), "2,5,10", "numbers of users"),
  rounds: intFlag(100, "measured ping-pong round trips (baseline)", { min: 1 }),
  messages: intFlag(20, "messages each user sends per pattern", { min: 1 }),
  warmup: intFlag(5, "unmeasured ping-pongs first"),
});

runMain(async () => {
  const flags = parseFlags("npm run bench:devnode --", flagsSchema);
  const devnode = await ensureDevnode();
  printEnvironment({ devnode: devnode.description });
  const users = await createUsers(Math.max(...flags.sizes));
  try {
    const { result: baseline, roundTrip } = await pingPong(users[0]!, users[1]!, flags);
    const results: TrafficResult[] = [baseline];
    // One delivered message per user first: it makes sure everyone has joined the conversation.
    const load = { messages: flags.messages, warmup: 1 };
    for (const size of flags.sizes) {
      results.push(await flood(await dmRing(users.slice(0, size)), load));
      results.push(await flood(await oneGroup(users.slice(0, size)), load));
    }
    printTable(
      "Devnode traffic: send → receive latency and delivery rate",
      results.map((result) => trafficRow(result, baseline)),
      [
        `Baseline: ${flags.rounds} ping-pongs in one DM, one message in flight; its round trip: p50 ${fmt.ms(roundTrip.p50)}, p95 ${fmt.ms(roundTrip.p95)}, p99 ${fmt.ms(roundTrip.p99)}.`,
        `Other rows: every user sends ${flags.messages} messages back to back, all users at once; a group message is one delivery per other member.`,
        "Latency: just before the send call until the receiver's stream delivers it. All clients share this process (and its 2 busy cores).",
      ],
    );
  } finally {
    await disposeUsers(users);
    await devnode.stop();
  }
});
