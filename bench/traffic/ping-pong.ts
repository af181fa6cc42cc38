import { performance } from "node:perf_hooks";
import type { TestUser } from "../../src/testing/test-user.js";
import { Deliveries } from "../lib/deliveries.js";
import { type Summary, summarize } from "../lib/stats.js";
import type { TrafficResult } from "./traffic-result.js";

/**
 * The baseline: two users in a DM playing ping-pong, one message in flight at a time. Gives
 * the one-way send → receive latency (both directions) and the round trip.
 *
 * @example
 * const { result, roundTrip } = await pingPong(alice, bob, { rounds: 100, warmup: 10 });
 */
export async function pingPong(
  a: TestUser,
  b: TestUser,
  { rounds, warmup }: { rounds: number; warmup: number },
): Promise<{ result: TrafficResult; roundTrip: Summary }> {
  const dmA = await a.dmWith(b.address);
  const dmB = await b.conversation(dmA.id);
  const play = async (count: number) => {
    const deliveries = new Deliveries().watch(a, b);
    const roundTrips: number[] = [];
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      const ping = deliveries.token("ping", i);
      await deliveries.send(dmA, ping);
      await deliveries.delivered(ping);
      const pong = deliveries.token("pong", i);
      await deliveries.send(dmB, pong);
      await deliveries.delivered(pong);
      roundTrips.push(performance.now() - started);
    }
    deliveries.close();
    return { deliveries, roundTrips };
  };
  await play(warmup);
  const { deliveries, roundTrips } = await play(rounds);
  return {
    result: {
      label: "1:1 DM ping-pong (baseline)",
      users: 2,
      sent: rounds * 2,
      deliveries: deliveries.arrivals.length,
      missing: 0,
      latency: summarize(deliveries.latencies),
      rate: (deliveries.arrivals.length / deliveries.spanMs) * 1000,
    },
    roundTrip: summarize(roundTrips),
  };
}
