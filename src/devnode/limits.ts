/** XMTP's per-message payload limit is just under 1 MB; the devnode holds clients to it. */
export const MAX_PAYLOAD_BYTES = 1_000_000;
/** A gRPC frame carries batches, so it may be larger than one payload. */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;
/** The reference server caps a page at 100 and treats 0 as "the default", also 100. */
export const MAX_PAGE_SIZE = 100;
/** The network refuses the 257th update to one inbox's identity log. */
export const MAX_IDENTITY_UPDATES_PER_INBOX = 256;
/** At most 10 installations may be active for one inbox at a time. */
export const MAX_INSTALLATIONS_PER_INBOX = 10;
/** Batched request lists (key packages, inbox ids, identity updates) the devnode accepts at once. */
export const MAX_BATCH_ITEMS = 1_000;
