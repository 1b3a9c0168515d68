import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AUDIT_TRAIL, type AuditTrail } from '../../../platform/audit/audit-trail.js';
import { isUniqueViolation } from '../../../platform/db/db-errors.js';
import { Transactions } from '../../../platform/db/transactions.js';
import type { DirectoryUserEntity } from '../entities/directory-user.entity.js';
import { type DirectoryChange, DIRECTORY_CHANGE_SINK, type DirectoryChangeSink } from './directory.events.js';
import { ScimErrors } from './scim.errors.js';
import { type ScimCaller, scimActor } from './scim-caller.js';
import { ScimDirectoryRepository } from './scim-directory.repository.js';
import { compileFilter, type FilterTarget, USER_FILTER_COLUMNS } from './scim-filter.js';
import { checkIfMatch, listResponse, type ScimListParams, type ScimResult } from './scim-http.js';
import { readResource } from './scim-input.js';
import { canonicalJson, type JsonObject } from './scim-json.js';
import { applyPatch, readPatchRequest } from './scim-patch-request.js';
import type { Projection } from './scim-projection.js';
import {
  type GroupRef,
  type UserFields,
  userDocument,
  userFieldsOf,
  userResource,
  userVersion,
} from './scim-resources.js';
import { SCIM_SCHEMA, USER_RESOURCE } from './scim-schema.js';

const USER_FILTER: FilterTarget = { resource: USER_RESOURCE, columns: USER_FILTER_COLUMNS };

const AUDIT_ACTION: Record<Exclude<DirectoryChange, 'members-changed'>, string> = {
  created: 'user.create',
  updated: 'user.update',
  deactivated: 'user.deactivate',
  reactivated: 'user.reactivate',
  deleted: 'user.delete',
};

/**
 * SCIM Users on the directory. Every change runs in one transaction with its audit event (actor
 * `scim`, the token) and the directory-change seam; users created or changed here become
 * `source: scim` (the IdP owns them from then on).
 */
@Injectable()
export class ScimUsersService {
  constructor(
    private readonly directory: ScimDirectoryRepository,
    private readonly transactions: Transactions,
    @Inject(AUDIT_TRAIL) private readonly audit: AuditTrail,
    @Inject(DIRECTORY_CHANGE_SINK) private readonly changes: DirectoryChangeSink,
  ) {}

  async list(caller: ScimCaller, params: ScimListParams): Promise<JsonObject> {
    const where = params.filter === undefined ? undefined : compileFilter(params.filter, USER_FILTER);
    const page = await this.directory.listUsers(caller.tenantId, where, params.startIndex - 1, params.count);
    const groups = params.projection.wants('groups')
      ? await this.directory.groupsOf(
          undefined,
          caller.tenantId,
          page.items.map((user) => user.id),
        )
      : undefined;
    const resources = page.items.map((user) =>
      params.projection.apply(userResource(user, caller.baseUrl, groups?.get(user.id))),
    );
    return listResponse(resources, page.total, params.startIndex);
  }

  async get(caller: ScimCaller, id: string, projection: Projection): Promise<ScimResult> {
    const user = await this.directory.findUser(undefined, caller.tenantId, id);
    if (user === null) throw ScimErrors.notFound('User', id);
    return this.result(undefined, caller, user, projection);
  }

  async create(caller: ScimCaller, body: unknown, projection: Projection): Promise<ScimResult> {
    const fields = userFieldsOf(readResource(USER_RESOURCE, body));
    return this.unique(fields.userName, () =>
      this.transactions.run(async (manager) => {
        const user = this.directory.newUser(manager, {
          ...fields,
          tenantId: caller.tenantId,
          source: 'scim',
          active: fields.active ?? true,
        });
        const saved = await this.directory.saveUser(manager, user);
        // A new user belongs to no group yet: nothing to look up for `groups`.
        const result = this.resultOf(caller, saved, projection, []);
        await this.changed(manager, caller, saved.id, 'created', undefined, userDocument(saved));
        return result;
      }),
    );
  }

  /** PUT: the body replaces every writable attribute; `active` left out keeps its value. */
  async replace(
    caller: ScimCaller,
    id: string,
    body: unknown,
    ifMatch: string | undefined,
    projection: Projection,
  ): Promise<ScimResult> {
    const fields = userFieldsOf(readResource(USER_RESOURCE, body));
    return this.update(caller, id, ifMatch, projection, () => fields);
  }

  async patch(
    caller: ScimCaller,
    id: string,
    body: unknown,
    ifMatch: string | undefined,
    projection: Projection,
  ): Promise<ScimResult> {
    const operations = readPatchRequest(USER_RESOURCE, body);
    return this.update(caller, id, ifMatch, projection, (user) => {
      const document: JsonObject = {
        schemas: [SCIM_SCHEMA.USER, SCIM_SCHEMA.ENTERPRISE_USER],
        id: user.id,
        ...userDocument(user),
        meta: { resourceType: 'User' },
      };
      return userFieldsOf(readResource(USER_RESOURCE, applyPatch(document, operations)));
    });
  }

  async delete(caller: ScimCaller, id: string, ifMatch: string | undefined): Promise<void> {
    await this.transactions.run(async (manager) => {
      const user = await this.directory.findUser(manager, caller.tenantId, id, true);
      if (user === null) throw ScimErrors.notFound('User', id);
      checkIfMatch(ifMatch, userVersion(user));
      const before = userDocument(user);
      await this.directory.deleteUser(manager, caller.tenantId, user.id);
      await this.changed(manager, caller, user.id, 'deleted', before, undefined);
    });
  }

  private async update(
    caller: ScimCaller,
    id: string,
    ifMatch: string | undefined,
    projection: Projection,
    next: (user: DirectoryUserEntity) => UserFields,
  ): Promise<ScimResult> {
    let userName = '';
    return this.unique(
      () => userName,
      () =>
        this.transactions.run(async (manager) => {
          const user = await this.directory.findUser(manager, caller.tenantId, id, true);
          if (user === null) throw ScimErrors.notFound('User', id);
          checkIfMatch(ifMatch, userVersion(user));
          const before = userDocument(user);
          const wasActive = user.active;
          const fields = next(user);
          userName = fields.userName;
          Object.assign(user, { ...fields, active: fields.active ?? user.active });
          const after = userDocument(user);
          if (canonicalJson(after) === canonicalJson(before) && user.source === 'scim')
            return this.result(manager, caller, user, projection);
          user.source = 'scim';
          const saved = await this.directory.saveUser(manager, user);
          const change: DirectoryChange =
            wasActive && !saved.active
              ? 'deactivated'
              : !wasActive && saved.active
                ? 'reactivated'
                : 'updated';
          const result = await this.result(manager, caller, saved, projection);
          await this.changed(manager, caller, saved.id, change, before, after);
          return result;
        }),
    );
  }

  /** Reads what the response needs; inside a transaction, through its manager. */
  private async result(
    manager: EntityManager | undefined,
    caller: ScimCaller,
    user: DirectoryUserEntity,
    projection: Projection,
  ): Promise<ScimResult> {
    const groups = projection.wants('groups')
      ? (await this.directory.groupsOf(manager, caller.tenantId, [user.id])).get(user.id)
      : undefined;
    return this.resultOf(caller, user, projection, groups);
  }

  private resultOf(
    caller: ScimCaller,
    user: DirectoryUserEntity,
    projection: Projection,
    groups: readonly GroupRef[] | undefined,
  ): ScimResult {
    return {
      resource: projection.apply(userResource(user, caller.baseUrl, groups)),
      version: userVersion(user),
      location: `${caller.baseUrl}/Users/${user.id}`,
    };
  }

  /** The directory-change seam, then the audit event: last, as it holds the chain's lock until commit. */
  private async changed(
    manager: EntityManager,
    caller: ScimCaller,
    id: string,
    change: Exclude<DirectoryChange, 'members-changed'>,
    before: JsonObject | undefined,
    after: JsonObject | undefined,
  ): Promise<void> {
    await this.changes.changed({ tenantId: caller.tenantId, subject: 'user', id, change }, manager);
    await this.audit.record(
      {
        action: AUDIT_ACTION[change],
        tenantId: caller.tenantId,
        targetType: 'user',
        targetId: id,
        ...(before === undefined ? {} : { before }),
        ...(after === undefined ? {} : { after }),
        actor: scimActor(caller),
      },
      manager,
    );
  }

  private async unique<T>(userName: string | (() => string), work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const name = typeof userName === 'string' ? userName : userName();
      throw ScimErrors.uniqueness(`A user with userName ${JSON.stringify(name)} already exists`);
    }
  }
}
