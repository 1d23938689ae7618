/** Server state on the device: rows by type and id, as the last pulls delivered them. */
import type { RowType, RowTypes } from "../domain/types";
import type { Db, RowRecord } from "./db";

/** All rows of one type. */
export async function rowsOfType<T extends RowType>(db: Db, t: T): Promise<RowRecord<RowTypes[T]>[]> {
  return db.run((idb) => idb.getAllFromIndex("rows", "by_t", t)) as Promise<RowRecord<RowTypes[T]>[]>;
}

/** One row, or undefined. */
export async function getRow<T extends RowType>(db: Db, t: T, id: string): Promise<RowRecord<RowTypes[T]> | undefined> {
  return db.run((idb) => idb.get("rows", [t, id])) as Promise<RowRecord<RowTypes[T]> | undefined>;
}

/** How many rows of each type the device holds. */
export async function countRows(db: Db): Promise<number> {
  return db.run((idb) => idb.count("rows"));
}

/** Every row the device holds (one worker's day: small). */
export async function allRows(db: Db): Promise<RowRecord[]> {
  return db.run((idb) => idb.getAll("rows"));
}
