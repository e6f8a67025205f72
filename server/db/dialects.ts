// The SQLite tables, derived from the one pg-core schema: same names, columns, defaults, keys and indexes, with
// SQLite's types (text → TEXT, 64-bit integer → INTEGER, boolean → INTEGER 0/1, identity → INTEGER PRIMARY KEY
// AUTOINCREMENT). The app is typed against the pg-core tables; at run time each database gets its own dialect's.
import { getTableConfig, PgTable, type PgColumn } from 'drizzle-orm/pg-core';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex, type SQLiteColumnBuilderBase, type SQLiteTableWithColumns } from 'drizzle-orm/sqlite-core';
import { getTableColumns, is, type Column } from 'drizzle-orm';

type AnySqliteTable = SQLiteTableWithColumns<any>;

/** Every pg-core table in `schema` turned into its SQLite twin, under the same export names. */
export function sqliteTablesOf<S extends Record<string, unknown>>(schema: S): S {
  const out: Record<string, unknown> = {};
  const byName = new Map<string, AnySqliteTable>();
  for (const [key, value] of Object.entries(schema)) {
    if (!is(value, PgTable)) continue;
    const table = sqliteTwin(value, byName);
    byName.set(getTableConfig(value).name, table);
    out[key] = table;
  }
  return out as S;
}

function sqliteTwin(pg: PgTable, byName: Map<string, AnySqliteTable>): AnySqliteTable {
  const cfg = getTableConfig(pg);
  const keyOf = new Map<string, string>();
  const columns: Record<string, SQLiteColumnBuilderBase> = {};
  for (const [key, col] of Object.entries(getTableColumns(pg) as Record<string, PgColumn>)) {
    keyOf.set(col.name, key);
    columns[key] = column(col, cfg.foreignKeys, byName);
  }
  const pkColumns = (cols: Column[], t: Record<string, Column>) => cols.map((c) => t[keyOf.get(c.name)!]!);
  return sqliteTable(cfg.name, columns, (t) => [
    ...cfg.indexes.map((i) => {
      const cols = (i.config.columns as Column[]).map((c) => (t as Record<string, Column>)[keyOf.get(c.name)!]!) as [any, ...any[]];
      return (i.config.unique ? uniqueIndex : index)(i.config.name!).on(...cols);
    }),
    ...cfg.primaryKeys.map((pk) => primaryKey({ columns: pkColumns(pk.columns, t as Record<string, Column>) as [any, ...any[]] })),
  ]);
}

function column(col: PgColumn, fks: ReturnType<typeof getTableConfig>['foreignKeys'], byName: Map<string, AnySqliteTable>): SQLiteColumnBuilderBase {
  const enumValues = col.enumValues?.length ? { enum: col.enumValues as [string, ...string[]] } : {};
  let b: any;
  switch (col.columnType) {
    case 'PgText':
      b = text(col.name, enumValues);
      break;
    case 'PgBigInt53':
      b = integer(col.name);
      break;
    case 'PgBoolean':
      b = integer(col.name, { mode: 'boolean' });
      break;
    default:
      throw new Error(`column ${col.name}: no SQLite twin for ${col.columnType}`);
  }
  if (col.primary) b = col.generatedIdentity ? b.primaryKey({ autoIncrement: true }) : b.primaryKey();
  if (col.notNull && !col.primary) b = b.notNull();
  if (col.hasDefault && col.default !== undefined) b = b.default(col.default);
  const fk = fks.find((f) => f.reference().columns.length === 1 && f.reference().columns[0]!.name === col.name);
  if (fk) {
    const ref = fk.reference();
    const target = getTableConfig(ref.foreignTable).name;
    const targetColumn = ref.foreignColumns[0]!.name;
    b = b.references(() => {
      const t = byName.get(target)!;
      return Object.values(t).find((c) => (c as Column)?.name === targetColumn && (c as Column).table === t) as any;
    });
  }
  return b;
}
