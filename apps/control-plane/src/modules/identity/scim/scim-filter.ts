import { type Compare, type Filter, parse, type ValuePath } from 'scim2-parse-filter';
import { isUuid } from '../../../platform/http/input.js';
import { readBoolean } from './scim-input.js';
import { ScimErrors } from './scim.errors.js';
import { type AttributeDef, type ResourceSchema, resolvePath, subAttribute } from './scim-schema.js';
import { escapeLike } from '../../../platform/db/query-helpers.js';

/**
 * SCIM filters (RFC 7644 §3.4.2.2) translated to SQL. scim2-parse-filter parses the grammar;
 * this file maps its tree onto columns, one parameter per value, so every filter is a WHERE clause
 * evaluated by PostgreSQL on the indexes of migration 1764000000400: nothing is filtered in memory.
 */

/** A WHERE fragment with named parameters, for TypeORM's `andWhere(sql, params)`. */
export interface SqlCondition {
  sql: string;
  params: Record<string, unknown>;
}

export type FilterColumn =
  /** A text column; case-insensitive attributes compare `lower(column)` (indexed that way). */
  | { kind: 'text'; sql: string; caseExact: boolean; nullable: boolean }
  /** The uuid primary key: a value that is not a uuid matches nothing (and is not a cast error). */
  | { kind: 'id'; sql: string }
  | { kind: 'boolean'; sql: string }
  | { kind: 'dateTime'; sql: string }
  /** The jsonb e-mail list; `value eq` uses the GIN index on scim_email_values(). */
  | { kind: 'emails'; sql: string }
  /** Membership through group_memberships: `groups.value eq` on users, `members.value eq` on groups. */
  | { kind: 'membership'; outer: string; ownColumn: string; otherColumn: string };

export interface FilterTarget {
  readonly resource: ResourceSchema;
  /** By canonical attribute path: `userName`, `meta.lastModified`, `emails` (with any sub-attribute). */
  readonly columns: Readonly<Record<string, FilterColumn>>;
}

export const USER_FILTER_COLUMNS: Readonly<Record<string, FilterColumn>> = {
  id: { kind: 'id', sql: 'u.id' },
  userName: { kind: 'text', sql: 'u.user_name', caseExact: false, nullable: false },
  displayName: { kind: 'text', sql: 'u.display_name', caseExact: false, nullable: true },
  externalId: { kind: 'text', sql: 'u.external_id', caseExact: true, nullable: true },
  active: { kind: 'boolean', sql: 'u.active' },
  emails: { kind: 'emails', sql: 'u.emails' },
  groups: { kind: 'membership', outer: 'u.id', ownColumn: 'user_id', otherColumn: 'group_id' },
  'meta.created': { kind: 'dateTime', sql: 'u.created_at' },
  'meta.lastModified': { kind: 'dateTime', sql: 'u.updated_at' },
};

export const GROUP_FILTER_COLUMNS: Readonly<Record<string, FilterColumn>> = {
  id: { kind: 'id', sql: 'g.id' },
  displayName: { kind: 'text', sql: 'g.display_name', caseExact: false, nullable: false },
  externalId: { kind: 'text', sql: 'g.external_id', caseExact: true, nullable: true },
  members: { kind: 'membership', outer: 'g.id', ownColumn: 'group_id', otherColumn: 'user_id' },
  'meta.created': { kind: 'dateTime', sql: 'g.created_at' },
  'meta.lastModified': { kind: 'dateTime', sql: 'g.updated_at' },
};

export const MAX_FILTER_LENGTH = 2048;
export const MAX_FILTER_COMPARISONS = 32;

type Operator = Compare['op'];
type CompValue = Compare['compValue'];
const SQL_ORDER: Record<'gt' | 'ge' | 'lt' | 'le', string> = { gt: '>', ge: '>=', lt: '<', le: '<=' };

/** A compiled leaf against a column other than a multi-valued one. */
interface Leaf {
  op: Operator | 'pr';
  path: string;
  value: CompValue | undefined;
}

class FilterCompiler {
  readonly params: Record<string, unknown> = {};
  private counter = 0;
  private comparisons = 0;

  constructor(
    private readonly target: FilterTarget,
    private readonly prefix: string,
  ) {}

  compile(node: Filter): string {
    switch (node.op) {
      case 'and':
      case 'or':
        return `(${node.filters.map((child) => this.compile(child)).join(node.op === 'and' ? ' AND ' : ' OR ')})`;
      case 'not':
        // An unassigned attribute makes a comparison NULL: `not` of it must still be true.
        return `NOT COALESCE(${this.compile(node.filter)}, false)`;
      case '[]':
        return this.valuePath(node);
      case 'pr':
        return this.leaf({ op: 'pr', path: node.attrPath, value: undefined });
      default:
        return this.leaf({ op: node.op, path: node.attrPath, value: node.compValue });
    }
  }

  private param(value: unknown): string {
    const name = `${this.prefix}${this.counter++}`;
    this.params[name] = value;
    return `:${name}`;
  }

  private count(): void {
    this.comparisons += 1;
    if (this.comparisons > MAX_FILTER_COMPARISONS)
      throw ScimErrors.invalidFilter(`A filter may hold at most ${MAX_FILTER_COMPARISONS} comparisons`);
  }

  private resolve(path: string): { column: FilterColumn; attribute: AttributeDef; sub?: AttributeDef } {
    const resolution = resolvePath(this.target.resource, path);
    if (resolution.kind === 'attribute') {
      const { resolved } = resolution;
      const exact = this.target.columns[resolved.path];
      if (exact !== undefined) return { column: exact, attribute: resolved.attribute };
      const whole = resolved.extension ? undefined : this.target.columns[resolved.attribute.name];
      if (whole !== undefined && (whole.kind === 'emails' || whole.kind === 'membership')) {
        return {
          column: whole,
          attribute: resolved.attribute,
          ...(resolved.sub === undefined ? {} : { sub: resolved.sub }),
        };
      }
    }
    const filterable = Object.keys(this.target.columns)
      .map((name) =>
        name === 'emails' ? 'emails.value' : name === 'groups' || name === 'members' ? `${name}.value` : name,
      )
      .join(', ');
    throw ScimErrors.invalidFilter(
      `Filtering on ${JSON.stringify(path.slice(0, 200))} is not supported; filterable attributes: ${filterable}`,
    );
  }

  private leaf(leaf: Leaf): string {
    this.count();
    const { column, sub } = this.resolve(leaf.path);
    switch (column.kind) {
      case 'text':
        return this.text(column.sql, column.caseExact, column.nullable, leaf);
      case 'id':
        return this.id(column.sql, leaf);
      case 'boolean':
        return this.boolean(column.sql, leaf);
      case 'dateTime':
        return this.dateTime(column.sql, leaf);
      case 'emails':
        return this.emails(column.sql, sub?.name, leaf);
      case 'membership':
        return this.membership(column, sub?.name ?? 'value', leaf);
    }
  }

  private stringValue(leaf: Leaf): string {
    if (typeof leaf.value !== 'string')
      throw ScimErrors.invalidFilter(`${leaf.path} ${leaf.op} needs a quoted string value`);
    return leaf.value;
  }

  private text(sql: string, caseExact: boolean, nullable: boolean, leaf: Leaf): string {
    if (leaf.op === 'pr') return `(${sql} IS NOT NULL AND ${sql} <> '')`;
    const value = this.stringValue(leaf);
    const subject = caseExact ? sql : `lower(${sql})`;
    const operand = (text: string): string => (caseExact ? this.param(text) : `lower(${this.param(text)})`);
    switch (leaf.op) {
      case 'eq':
        return `${subject} = ${operand(value)}`;
      case 'ne':
        return nullable
          ? `(${sql} IS NULL OR ${subject} <> ${operand(value)})`
          : `${subject} <> ${operand(value)}`;
      case 'co':
        return `${subject} LIKE ${operand(`%${escapeLike(value)}%`)}`;
      case 'sw':
        return `${subject} LIKE ${operand(`${escapeLike(value)}%`)}`;
      case 'ew':
        return `${subject} LIKE ${operand(`%${escapeLike(value)}`)}`;
      default:
        return `${subject} ${SQL_ORDER[leaf.op]} ${operand(value)}`;
    }
  }

  private id(sql: string, leaf: Leaf): string {
    if (leaf.op === 'pr') return 'true';
    const value = this.stringValue(leaf);
    if (leaf.op === 'eq') return isUuid(value) ? `${sql} = ${this.param(value.toLowerCase())}` : 'false';
    if (leaf.op === 'ne') return isUuid(value) ? `${sql} <> ${this.param(value.toLowerCase())}` : 'true';
    return this.text(`CAST(${sql} AS text)`, true, false, leaf);
  }

  private boolean(sql: string, leaf: Leaf): string {
    if (leaf.op === 'pr') return 'true';
    const value = readBoolean(leaf.value);
    if (value === undefined || (leaf.op !== 'eq' && leaf.op !== 'ne'))
      throw ScimErrors.invalidFilter(`${leaf.path} is a boolean: compare it with eq or ne and true or false`);
    return `${sql} ${leaf.op === 'eq' ? '=' : '<>'} ${this.param(value)}`;
  }

  /**
   * Times are shown with millisecond precision and stored with microseconds, so each shown
   * instant T stands for [T, T+1ms): `eq` is that range, `gt` starts after it, and so on. Every
   * form stays a range on the (tenant_id, …_at) indexes.
   */
  private dateTime(sql: string, leaf: Leaf): string {
    if (leaf.op === 'pr') return 'true';
    const text = this.stringValue(leaf);
    const millis = Date.parse(text);
    if (Number.isNaN(millis) || !/^\d{4}-\d{2}-\d{2}/.test(text))
      throw ScimErrors.invalidFilter(
        `${leaf.path} ${leaf.op} needs a date and time such as "2025-01-31T12:00:00Z"`,
      );
    const from = new Date(millis);
    const to = new Date(millis + 1);
    switch (leaf.op) {
      case 'eq':
        return `(${sql} >= ${this.param(from)} AND ${sql} < ${this.param(to)})`;
      case 'ne':
        return `(${sql} < ${this.param(from)} OR ${sql} >= ${this.param(to)})`;
      case 'gt':
        return `${sql} >= ${this.param(to)}`;
      case 'ge':
        return `${sql} >= ${this.param(from)}`;
      case 'lt':
        return `${sql} < ${this.param(from)}`;
      case 'le':
        return `${sql} < ${this.param(to)}`;
      default:
        throw ScimErrors.invalidFilter(`${leaf.path} is a date: compare it with eq, ne, gt, ge, lt or le`);
    }
  }

  private emailSubject(alias: string, sub: string, leaf: Leaf): string {
    switch (sub) {
      case 'value':
      case 'type':
      case 'display':
        return this.text(`(${alias} ->> '${sub}')`, false, true, leaf);
      case 'primary':
        return this.boolean(`COALESCE((${alias} -> 'primary') = CAST('true' AS jsonb), false)`, leaf);
      default:
        throw ScimErrors.invalidFilter(`emails.${sub} cannot be filtered on`);
    }
  }

  /** `emails op v` compares the e-mails' values (RFC 7644 §3.4.2.2), `emails.type op v` their types. */
  private emails(sql: string, sub: string | undefined, leaf: Leaf): string {
    if (sub === undefined && leaf.op === 'pr') return `jsonb_array_length(${sql}) > 0`;
    const name = sub ?? 'value';
    if (name === 'value' && leaf.op === 'eq') return this.emailContains(sql, this.stringValue(leaf));
    const alias = `${this.prefix}e${this.counter++}`;
    return `EXISTS (SELECT 1 FROM jsonb_array_elements(${sql}) AS ${alias} WHERE ${this.emailSubject(alias, name, leaf)})`;
  }

  private emailContains(sql: string, value: string): string {
    return `scim_email_values(${sql}) @> ARRAY[lower(${this.param(value)})]`;
  }

  private membership(column: Extract<FilterColumn, { kind: 'membership' }>, sub: string, leaf: Leaf): string {
    const base = `SELECT 1 FROM group_memberships m WHERE m.${column.ownColumn} = ${column.outer}`;
    if (leaf.op === 'pr' && sub === 'value') return `EXISTS (${base})`;
    if (sub !== 'value' || (leaf.op !== 'eq' && leaf.op !== 'ne'))
      throw ScimErrors.invalidFilter(`${leaf.path} supports only value eq "<id>", ne and pr`);
    const value = this.stringValue(leaf);
    const exists = isUuid(value)
      ? `EXISTS (${base} AND m.${column.otherColumn} = ${this.param(value.toLowerCase())})`
      : 'false';
    return leaf.op === 'eq' ? exists : `NOT ${exists}`;
  }

  /** `emails[type eq "work" and value co "@example.com"]`: one e-mail must satisfy the whole filter. */
  private valuePath(node: ValuePath): string {
    const { column, attribute, sub } = this.resolve(node.attrPath);
    if (sub !== undefined)
      throw ScimErrors.invalidFilter(
        `A value filter applies to a multi-valued attribute, not to ${node.attrPath}`,
      );
    if (column.kind === 'membership') {
      const inner = node.valFilter;
      if (inner.op !== 'eq' || inner.attrPath.toLowerCase() !== 'value')
        throw ScimErrors.invalidFilter(`${attribute.name}[…] supports only value eq "<id>"`);
      return this.membership(column, 'value', { op: 'eq', path: node.attrPath, value: inner.compValue });
    }
    if (column.kind !== 'emails')
      throw ScimErrors.invalidFilter(
        `${node.attrPath} is not multi-valued: write ${node.attrPath} <op> <value>`,
      );
    const alias = `${this.prefix}e${this.counter++}`;
    const element = (inner: Filter): string => {
      switch (inner.op) {
        case 'and':
        case 'or':
          return `(${inner.filters.map(element).join(inner.op === 'and' ? ' AND ' : ' OR ')})`;
        case 'not':
          return `NOT COALESCE(${element(inner.filter)}, false)`;
        case '[]':
          throw ScimErrors.invalidFilter('Value filters cannot be nested');
        default: {
          this.count();
          const subAttr = subAttribute(attribute, inner.attrPath);
          if (subAttr === undefined)
            throw ScimErrors.invalidFilter(
              `${attribute.name} has no sub-attribute ${JSON.stringify(inner.attrPath)}`,
            );
          return this.emailSubject(alias, subAttr.name, {
            op: inner.op,
            path: `${attribute.name}.${subAttr.name}`,
            value: inner.op === 'pr' ? undefined : inner.compValue,
          });
        }
      }
    };
    const exists = `EXISTS (SELECT 1 FROM jsonb_array_elements(${column.sql}) AS ${alias} WHERE ${element(node.valFilter)})`;
    // With `value eq "x"` among the conditions, narrow through the GIN index first.
    const valueEq = [node.valFilter, ...(node.valFilter.op === 'and' ? node.valFilter.filters : [])].find(
      (candidate): candidate is Compare =>
        candidate.op === 'eq' &&
        candidate.attrPath.toLowerCase() === 'value' &&
        typeof candidate.compValue === 'string',
    );
    if (valueEq === undefined) return exists;
    return `(${this.emailContains(column.sql, valueEq.compValue as string)} AND ${exists})`;
  }
}

/** Parses a SCIM filter; any syntax error is an `invalidFilter` (400). */
export function parseFilter(text: string): Filter {
  if (text.length > MAX_FILTER_LENGTH)
    throw ScimErrors.invalidFilter(`A filter may be at most ${MAX_FILTER_LENGTH} characters`);
  try {
    return parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.slice(0, 200) : 'syntax error';
    throw ScimErrors.invalidFilter(`The filter is not valid SCIM filter syntax (${reason})`);
  }
}

/** Translates a SCIM filter to a SQL condition on the target's columns. */
export function compileFilter(text: string, target: FilterTarget, paramPrefix = 'scimf'): SqlCondition {
  const compiler = new FilterCompiler(target, paramPrefix);
  const sql = compiler.compile(parseFilter(text));
  return { sql, params: compiler.params };
}
