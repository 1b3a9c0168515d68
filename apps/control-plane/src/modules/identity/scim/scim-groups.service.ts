import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AUDIT_TRAIL, type AuditTrail } from '../../../platform/audit/audit-trail.js';
import { isUniqueViolation } from '../../../platform/db/db-errors.js';
import { Transactions } from '../../../platform/db/transactions.js';
import type { DirectoryGroupEntity } from '../entities/directory-group.entity.js';
import { type DirectoryChange, DIRECTORY_CHANGE_SINK, type DirectoryChangeSink } from './directory.events.js';
import { ScimErrors } from './scim.errors.js';
import { type ScimCaller, scimActor } from './scim-caller.js';
import { ScimDirectoryRepository } from './scim-directory.repository.js';
import { compileFilter, type FilterTarget, GROUP_FILTER_COLUMNS } from './scim-filter.js';
import { checkIfMatch, listResponse, type ScimListParams, type ScimResult } from './scim-http.js';
import { readResource } from './scim-input.js';
import { type JsonObject, memberDigest } from './scim-json.js';
import { applyPatch, readPatchRequest } from './scim-patch-request.js';
import type { Projection } from './scim-projection.js';
import {
  groupDocument,
  groupResource,
  groupVersion,
  groupVersionOf,
  type MemberRef,
  memberIdsOf,
} from './scim-resources.js';
import { GROUP_RESOURCE, SCIM_SCHEMA } from './scim-schema.js';

const GROUP_FILTER: FilterTarget = { resource: GROUP_RESOURCE, columns: GROUP_FILTER_COLUMNS };

interface GroupInput {
  displayName: string;
  externalId: string | null;
  memberIds: string[];
}

function groupInputOf(resource: JsonObject): GroupInput {
  if (typeof resource.displayName !== 'string') throw ScimErrors.invalidValue('displayName is required');
  return {
    displayName: resource.displayName,
    externalId: typeof resource.externalId === 'string' ? resource.externalId : null,
    memberIds: memberIdsOf(resource),
  };
}

/**
 * SCIM Groups on the directory. Membership changes are applied as a difference (only the members
 * that joined or left are written), so a push of a large group stays cheap; each change commits
 * with its audit event (actor `scim`) and the directory-change seam.
 */
@Injectable()
export class ScimGroupsService {
  constructor(
    private readonly directory: ScimDirectoryRepository,
    private readonly transactions: Transactions,
    @Inject(AUDIT_TRAIL) private readonly audit: AuditTrail,
    @Inject(DIRECTORY_CHANGE_SINK) private readonly changes: DirectoryChangeSink,
  ) {}

  async list(caller: ScimCaller, params: ScimListParams): Promise<JsonObject> {
    const where = params.filter === undefined ? undefined : compileFilter(params.filter, GROUP_FILTER);
    const page = await this.directory.listGroups(caller.tenantId, where, params.startIndex - 1, params.count);
    const ids = page.items.map((group) => group.id);
    const resources: JsonObject[] = [];
    if (params.projection.wants('members')) {
      const members = await this.directory.members(undefined, caller.tenantId, ids);
      for (const group of page.items) {
        const list = members.get(group.id) ?? [];
        const version = groupVersionOf(
          group,
          list.map((member) => member.id),
        );
        resources.push(params.projection.apply(groupResource(group, caller.baseUrl, list, version)));
      }
    } else {
      // Without the members, their digest still gives each group its version.
      const digests = await this.directory.memberDigests(undefined, ids);
      for (const group of page.items) {
        const version = groupVersion(group, digests.get(group.id) ?? memberDigest([]));
        resources.push(params.projection.apply(groupResource(group, caller.baseUrl, undefined, version)));
      }
    }
    return listResponse(resources, page.total, params.startIndex);
  }

  async get(caller: ScimCaller, id: string, projection: Projection): Promise<ScimResult> {
    const group = await this.directory.findGroup(undefined, caller.tenantId, id);
    if (group === null) throw ScimErrors.notFound('Group', id);
    return this.result(undefined, caller, group, projection);
  }

  async create(caller: ScimCaller, body: unknown, projection: Projection): Promise<ScimResult> {
    const input = groupInputOf(readResource(GROUP_RESOURCE, body));
    return this.unique(input.displayName, () =>
      this.transactions.run(async (manager) => {
        await this.checkMembers(manager, caller, input.memberIds);
        const group = await this.directory.saveGroup(
          manager,
          this.directory.newGroup(manager, {
            tenantId: caller.tenantId,
            source: 'scim',
            displayName: input.displayName,
            externalId: input.externalId,
          }),
        );
        await this.directory.addMembers(manager, group.id, input.memberIds);
        const result = await this.result(manager, caller, group, projection, input.memberIds);
        await this.changes.changed(
          { tenantId: caller.tenantId, subject: 'group', id: group.id, change: 'created' },
          manager,
        );
        if (input.memberIds.length > 0) await this.membersChanged(manager, caller, group.id, input.memberIds);
        await this.record(manager, caller, 'group.create', group.id, undefined, {
          displayName: group.displayName,
          externalId: group.externalId,
          members: input.memberIds,
        });
        return result;
      }),
    );
  }

  /** PUT: name, externalId and the whole member list (Okta's custom apps push memberships so). */
  async replace(
    caller: ScimCaller,
    id: string,
    body: unknown,
    ifMatch: string | undefined,
    projection: Projection,
  ): Promise<ScimResult> {
    const input = groupInputOf(readResource(GROUP_RESOURCE, body));
    return this.update(caller, id, ifMatch, projection, () => input);
  }

  async patch(
    caller: ScimCaller,
    id: string,
    body: unknown,
    ifMatch: string | undefined,
    projection: Projection,
  ): Promise<ScimResult> {
    const operations = readPatchRequest(GROUP_RESOURCE, body);
    return this.update(caller, id, ifMatch, projection, (group, memberIds) => {
      const document: JsonObject = {
        schemas: [SCIM_SCHEMA.GROUP],
        id: group.id,
        ...groupDocument(group, memberIds),
        meta: { resourceType: 'Group' },
      };
      return groupInputOf(readResource(GROUP_RESOURCE, applyPatch(document, operations)));
    });
  }

  async delete(caller: ScimCaller, id: string, ifMatch: string | undefined): Promise<void> {
    await this.transactions.run(async (manager) => {
      const group = await this.directory.findGroup(manager, caller.tenantId, id, true);
      if (group === null) throw ScimErrors.notFound('Group', id);
      const memberIds = await this.directory.memberIds(manager, caller.tenantId, group.id);
      checkIfMatch(ifMatch, groupVersionOf(group, memberIds));
      await this.directory.deleteGroup(manager, caller.tenantId, group.id);
      await this.changes.changed(
        { tenantId: caller.tenantId, subject: 'group', id: group.id, change: 'deleted', userIds: memberIds },
        manager,
      );
      await this.record(
        manager,
        caller,
        'group.delete',
        group.id,
        { displayName: group.displayName, externalId: group.externalId, members: memberIds },
        undefined,
      );
    });
  }

  private async update(
    caller: ScimCaller,
    id: string,
    ifMatch: string | undefined,
    projection: Projection,
    next: (group: DirectoryGroupEntity, memberIds: string[]) => GroupInput,
  ): Promise<ScimResult> {
    let displayName = '';
    return this.unique(
      () => displayName,
      () =>
        this.transactions.run(async (manager) => {
          const group = await this.directory.findGroup(manager, caller.tenantId, id, true);
          if (group === null) throw ScimErrors.notFound('Group', id);
          const current = await this.directory.memberIds(manager, caller.tenantId, group.id);
          checkIfMatch(ifMatch, groupVersionOf(group, current));
          const input = next(group, current);
          displayName = input.displayName;
          const before = { displayName: group.displayName, externalId: group.externalId };
          const currentSet = new Set(current);
          const wanted = new Set(input.memberIds);
          const added = input.memberIds.filter((memberId) => !currentSet.has(memberId));
          const removed = current.filter((memberId) => !wanted.has(memberId));
          await this.checkMembers(manager, caller, added);

          const renamed = group.displayName !== input.displayName || group.externalId !== input.externalId;
          const adopted = group.source !== 'scim';
          if (!renamed && !adopted && added.length === 0 && removed.length === 0)
            return this.result(manager, caller, group, projection, current);

          group.displayName = input.displayName;
          group.externalId = input.externalId;
          group.source = 'scim';
          if (renamed || adopted) await this.directory.saveGroup(manager, group);
          await this.directory.removeMembers(manager, group.id, removed);
          await this.directory.addMembers(manager, group.id, added);
          if (!renamed && !adopted) await this.directory.touchGroup(manager, group);

          const result = await this.result(manager, caller, group, projection, input.memberIds);
          if (renamed || adopted)
            await this.changes.changed(
              { tenantId: caller.tenantId, subject: 'group', id: group.id, change: 'updated' },
              manager,
            );
          if (added.length > 0 || removed.length > 0)
            await this.membersChanged(manager, caller, group.id, [...added, ...removed]);
          await this.record(manager, caller, 'group.update', group.id, before, {
            displayName: group.displayName,
            externalId: group.externalId,
            membersAdded: added,
            membersRemoved: removed,
          });
          return result;
        }),
    );
  }

  /** Every new member must be a user of the caller's tenant: ids of any other shape or tenant are refused. */
  private async checkMembers(
    manager: EntityManager,
    caller: ScimCaller,
    memberIds: readonly string[],
  ): Promise<void> {
    if (memberIds.length === 0) return;
    const known = await this.directory.usersOfTenant(manager, caller.tenantId, memberIds);
    const unknown = memberIds.filter((memberId) => !known.has(memberId));
    if (unknown.length > 0) {
      const shown = unknown.slice(0, 5).map((memberId) => JSON.stringify(memberId.slice(0, 64)));
      throw ScimErrors.invalidValue(
        `members: no User ${shown.join(', ')}${unknown.length > 5 ? ` (and ${unknown.length - 5} more)` : ''} in this directory`,
      );
    }
  }

  /**
   * What the response needs, through the transaction's manager when there is one. `memberIds`,
   * when the caller knows them, spares loading the members only to compute the version.
   */
  private async result(
    manager: EntityManager | undefined,
    caller: ScimCaller,
    group: DirectoryGroupEntity,
    projection: Projection,
    memberIds?: readonly string[],
  ): Promise<ScimResult> {
    let members: MemberRef[] | undefined;
    let version: string;
    if (projection.wants('members')) {
      members = (await this.directory.members(manager, caller.tenantId, [group.id])).get(group.id) ?? [];
      version = groupVersionOf(
        group,
        members.map((member) => member.id),
      );
    } else if (memberIds !== undefined) {
      version = groupVersionOf(group, [...memberIds].sort());
    } else {
      const digests = await this.directory.memberDigests(manager, [group.id]);
      version = groupVersion(group, digests.get(group.id) ?? memberDigest([]));
    }
    return {
      resource: projection.apply(groupResource(group, caller.baseUrl, members, version)),
      version,
      location: `${caller.baseUrl}/Groups/${group.id}`,
    };
  }

  private membersChanged(
    manager: EntityManager,
    caller: ScimCaller,
    id: string,
    userIds: string[],
  ): Promise<void> {
    const change: DirectoryChange = 'members-changed';
    return this.changes.changed(
      { tenantId: caller.tenantId, subject: 'group', id, change, userIds },
      manager,
    );
  }

  /** The audit event: last in the transaction, as it holds the chain's lock until commit. */
  private record(
    manager: EntityManager,
    caller: ScimCaller,
    action: string,
    id: string,
    before: unknown,
    after: unknown,
  ): Promise<void> {
    return this.audit.record(
      {
        action,
        tenantId: caller.tenantId,
        targetType: 'group',
        targetId: id,
        ...(before === undefined ? {} : { before }),
        ...(after === undefined ? {} : { after }),
        actor: scimActor(caller),
      },
      manager,
    );
  }

  private async unique<T>(displayName: string | (() => string), work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const name = typeof displayName === 'string' ? displayName : displayName();
      throw ScimErrors.uniqueness(`A group with displayName ${JSON.stringify(name)} already exists`);
    }
  }
}
