/**
 * PostgreSQL row queue (pg-boss) — helper G.
 *
 * Work in progress (issue 17 items 3 and 5): a {@link RowQueue} for the one batch engine when the
 * store is PostgreSQL, so any instance claims batch rows (SKIP LOCKED through pg-boss fetch) and a
 * row claimed by an instance that died is claimed again after its lease expires.
 */
export {};
