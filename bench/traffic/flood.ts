import type { Conversation } from "@xmtp/node-sdk";
import type { TestUser } from "../../src/testing/test-user.js";
import { Deliveries } from "../lib/deliveries.js";
import { summarize } from "../lib/stats.js";
import type { TrafficResult } from "./traffic-result.js";

/** Who sends where: each user's conversation and how many others receive what it sends. */
export interface FloodPlan {
  label: string;
  users: readonly TestUser[];
  conversations: readonly Conversation[];
  receivers: number;
}

/**
 * Every user sends `warmup` messages, each awaited until delivered (which also makes sure the
 * others have joined the conversation); then all users at once send `messages` messages back
 * to back, and the deliveries are timed.
 *
 * @example
 * await flood({ label: "group of 5", users, conversations, receivers: 4 }, { messages: 20, warmup: 2 });
 */
export async function flood(
  plan: FloodPlan,
  {
    messages,
    warmup,
    timeoutMs = 120_000,
  }: { messages: number; warmup: number; timeoutMs?: number },
): Promise<TrafficResult> {
  const warm = new Deliveries().watch(...plan.users);
  await Promise.all(
    plan.users.map(async (_, u) => {
      for (let i = 0; i < warmup; i++) {
        const token = warm.token("warm-up", u, i);
        await warm.send(plan.conversations[u]!, token, plan.receivers);
        await warm.delivered(token, timeoutMs);
      }
    }),
  );
  warm.close();

  const deliveries = new Deliveries().watch(...plan.users);
  await Promise.all(
    plan.users.map(async (_, u) => {
      for (let i = 0; i < messages; i++) {
        await deliveries.send(plan.conversations[u]!, deliveries.token(u, i), plan.receivers);
      }
    }),
  );
  const { missing } = await deliveries.settle(timeoutMs);
  deliveries.close();
  return {
    label: plan.label,
    users: plan.users.length,
    sent: plan.users.length * messages,
    deliveries: deliveries.arrivals.length,
    missing,
    latency: summarize(deliveries.latencies),
    rate: (deliveries.arrivals.length / deliveries.spanMs) * 1000,
  };
}
