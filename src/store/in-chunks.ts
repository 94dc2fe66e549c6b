// Lists of ids a request can make long (a group's members: thousands) are read and written in
// chunks, so no statement has more bind parameters than an engine takes (SQLite 32,766, PostgreSQL
// 65,535): beyond that the driver refuses the statement and the client would get a 500.
export const IDS_PER_STATEMENT = 1000;

/** `work` on each chunk of `ids`, one after the other; their results in order. */
export async function inChunks<T>(ids: string[], work: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  if (ids.length <= IDS_PER_STATEMENT) return ids.length ? work(ids) : [];
  const out: T[] = [];
  for (let start = 0; start < ids.length; start += IDS_PER_STATEMENT)
    out.push(...(await work(ids.slice(start, start + IDS_PER_STATEMENT))));
  return out;
}
