/**
 * The largest whole number the server stores in an `integer` column (PostgreSQL's is 32 bits:
 * versions, revisions, sequence and change numbers). A request naming a larger one is refused
 * with a 400 where it is read; it used to reach PostgreSQL and fail the query with a 500 (found by
 * integration/reliability/fuzz.test.ts). SQLite's integers are 64 bits: the same bound keeps both
 * engines alike.
 */
export const MAX_STORED_INT = 2_147_483_647;
