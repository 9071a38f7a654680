/**
 * Which index rows of `../objects.ts` SQLite stores (issue #8: every row is B-tree work on each
 * Create, and the random ones each dirty a page of the WAL).
 *
 * A structure attribute of the KMIP model gives a row for the whole value (field "", canonical
 * text) and one per field present. Locate never compares the whole of such a structure: it
 * matches the fields given (KMIP 1.4 §4.9), and a structure given with no fields only asks
 * that an instance exists (the "present" test). So the whole-value row is left out whenever the
 * instance has field rows, which then stand for its existence (`locate-sql.ts` tests "present"
 * as "a field row, or a whole-value row holding text"). Kept: the whole row of a structure with
 * no field present, and of a custom attribute's structure, which Locate does compare whole.
 * Digest and Name thus lose one long random text row each, the costliest rows to insert.
 */
import { attributeDef } from "../../kmip/attributes.js";
import type { IndexRow } from "../objects.js";

export function storedRows(rows: readonly IndexRow[]): IndexRow[] {
  return rows.filter((row, i) => !wholeOfFields(row, rows[i + 1]));
}

/** `row` is the whole of a model structure whose first field row is `next`. */
function wholeOfFields(row: IndexRow, next: IndexRow | undefined): boolean {
  return (
    row.field === "" &&
    next !== undefined &&
    next.field !== "" &&
    next.name === row.name &&
    next.position === row.position &&
    attributeDef(row.name) !== undefined
  );
}
