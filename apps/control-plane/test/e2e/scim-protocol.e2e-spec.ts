import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane.js';
import { createPerson } from '../support/people.js';
import {
  createScimClient,
  expectScimError,
  filterQuery,
  SCIM_ENTERPRISE,
  SCIM_GROUP,
  SCIM_LIST,
  SCIM_PATCH,
  SCIM_USER,
  type ScimClient,
  type ScimGroupBody,
  type ScimListBody,
  type ScimUserBody,
} from '../support/scim.js';

/** RFC 7644 as implemented: filters, paging, projection, ETags, errors, discovery, isolation. */

let cp: TestControlPlane;
let scim: ScimClient;
let users: ScimUserBody[];
let team: ScimGroupBody;

interface Person {
  userName: string;
  displayName?: string;
  externalId?: string;
  active?: boolean;
  emails?: { value: string; type: string; primary?: boolean }[];
}

const PEOPLE: Person[] = [
  {
    userName: 'ada.lovelace@filters.test',
    displayName: 'Ada Lovelace',
    externalId: 'ext-ada',
    emails: [
      { value: 'ada.lovelace@filters.test', type: 'work', primary: true },
      { value: 'ada@home.example', type: 'home' },
    ],
  },
  {
    userName: 'grace.hopper@filters.test',
    displayName: 'Grace Hopper',
    externalId: 'EXT-grace',
    emails: [{ value: 'grace.hopper@filters.test', type: 'work', primary: true }],
  },
  { userName: 'alan.turing@filters.test', displayName: 'Alan Turing', active: false },
  { userName: 'adele.goldberg@filters.test', emails: [{ value: 'Adele@Home.Example', type: 'home' }] },
  { userName: 'barbara.liskov@filters.test', displayName: 'Barbara Liskov', externalId: 'ext-barbara' },
  { userName: 'edsger.dijkstra@filters.test', displayName: 'Edsger Dijkstra', active: false },
  { userName: 'margaret.hamilton@filters.test', displayName: 'Margaret Hamilton' },
  { userName: 'ken.thompson@filters.test', displayName: 'Ken Thompson', externalId: 'ext-ken' },
];

beforeAll(async () => {
  cp = await startTestControlPlane();
  scim = await createScimClient(cp, 'scim-protocol');
  users = [];
  for (const person of PEOPLE) {
    const created = await scim.request<ScimUserBody>('POST', '/Users', { schemas: [SCIM_USER], ...person });
    expect(created.status, created.text).toBe(201);
    users.push(created.body);
    // Distinct creation instants, so that date comparisons have something to tell apart.
    await new Promise((resolve) => setTimeout(resolve, 3));
  }
  const [ada, grace] = users as [ScimUserBody, ScimUserBody];
  team = (
    await scim.request<ScimGroupBody>('POST', '/Groups', {
      schemas: [SCIM_GROUP],
      displayName: 'Pioneers',
      externalId: 'grp-pioneers',
      members: [{ value: ada.id }, { value: grace.id }],
    })
  ).body;
});

afterAll(async () => {
  await cp.close();
});

function user(userName: string): ScimUserBody {
  const found = users.find((candidate) => candidate.userName === userName);
  if (found === undefined) throw new Error(`no test user ${userName}`);
  return found;
}

async function matching(filter: string): Promise<string[]> {
  const response = await scim.request<ScimListBody<ScimUserBody>>('GET', `/Users${filterQuery(filter)}`);
  expect(response.status, `${filter}: ${response.text}`).toBe(200);
  expect(response.body.totalResults).toBe(response.body.Resources.length);
  return response.body.Resources.map((found) => found.userName).sort();
}

function names(predicate: (person: ScimUserBody) => boolean): string[] {
  return users
    .filter(predicate)
    .map((person) => person.userName)
    .sort();
}

describe('filters', () => {
  it('eq: userName case-insensitively, externalId exactly, displayName, active, emails, id', async () => {
    expect(await matching('userName eq "ADA.Lovelace@filters.test"')).toEqual(['ada.lovelace@filters.test']);
    expect(await matching('USERNAME EQ "grace.hopper@filters.test"')).toEqual(['grace.hopper@filters.test']);
    expect(
      await matching('urn:ietf:params:scim:schemas:core:2.0:User:userName eq "ken.thompson@filters.test"'),
    ).toEqual(['ken.thompson@filters.test']);
    expect(await matching('externalId eq "EXT-grace"')).toEqual(['grace.hopper@filters.test']);
    expect(await matching('externalId eq "ext-grace"')).toEqual([]);
    expect(await matching('displayName eq "alan turing"')).toEqual(['alan.turing@filters.test']);
    expect(await matching('active eq false')).toEqual(names((person) => !person.active));
    expect(await matching('emails.value eq "ADA@home.example"')).toEqual(['ada.lovelace@filters.test']);
    expect(await matching('emails eq "adele@home.example"')).toEqual(['adele.goldberg@filters.test']);
    expect(await matching(`id eq "${user('ken.thompson@filters.test').id}"`)).toEqual([
      'ken.thompson@filters.test',
    ]);
    expect(await matching('id eq "010101001010101011001010101011"')).toEqual([]);
  });

  it('ne, co, sw, ew and pr', async () => {
    expect(await matching('displayName ne "Ada Lovelace"')).toEqual(
      names((person) => person.displayName !== 'Ada Lovelace'),
    );
    expect(await matching('userName co "LOVE"')).toEqual(['ada.lovelace@filters.test']);
    expect(await matching('userName sw "ad"')).toEqual([
      'ada.lovelace@filters.test',
      'adele.goldberg@filters.test',
    ]);
    expect(await matching('displayName ew "son"')).toEqual(['ken.thompson@filters.test']);
    expect(await matching('emails.value co "@home."')).toEqual([
      'ada.lovelace@filters.test',
      'adele.goldberg@filters.test',
    ]);
    expect(await matching('emails.value ew "filters.test"')).toEqual([
      'ada.lovelace@filters.test',
      'grace.hopper@filters.test',
    ]);
    expect(await matching('userName co "%"')).toEqual([]);
    expect(await matching('userName co "_"')).toEqual([]);
    expect(await matching('externalId pr')).toEqual(names((person) => person.externalId !== undefined));
    expect(await matching('displayName pr')).toEqual(names((person) => person.displayName !== undefined));
    expect(await matching('emails pr')).toEqual(names((person) => (person.emails ?? []).length > 0));
  });

  it('gt, ge, lt and le on meta.lastModified and meta.created', async () => {
    const pivot = users[3] as ScimUserBody;
    const at = Date.parse(pivot.meta.lastModified);
    const modified = (person: ScimUserBody): number => Date.parse(person.meta.lastModified);
    expect(await matching(`meta.lastModified gt "${pivot.meta.lastModified}"`)).toEqual(
      names((p) => modified(p) > at),
    );
    expect(await matching(`meta.lastModified ge "${pivot.meta.lastModified}"`)).toEqual(
      names((p) => modified(p) >= at),
    );
    expect(await matching(`meta.lastModified lt "${pivot.meta.lastModified}"`)).toEqual(
      names((p) => modified(p) < at),
    );
    expect(await matching(`meta.lastModified le "${pivot.meta.lastModified}"`)).toEqual(
      names((p) => modified(p) <= at),
    );
    expect(await matching(`meta.lastModified eq "${pivot.meta.lastModified}"`)).toEqual(
      names((p) => modified(p) === at),
    );
    expect(await matching(`meta.created ge "${pivot.meta.created}"`)).toEqual(
      names((p) => Date.parse(p.meta.created) >= Date.parse(pivot.meta.created)),
    );
    expect(await matching('meta.lastModified gt "2000-01-01T00:00:00Z"')).toHaveLength(users.length);
  });

  it('and, or, not and grouping', async () => {
    expect(await matching('(userName sw "ada" or userName sw "grace") and active eq true')).toEqual([
      'ada.lovelace@filters.test',
      'grace.hopper@filters.test',
    ]);
    expect(await matching('not (active eq true)')).toEqual(names((person) => !person.active));
    expect(await matching('not (displayName pr)')).toEqual(
      names((person) => person.displayName === undefined),
    );
    expect(await matching('userName sw "a" and not (externalId pr)')).toEqual([
      'adele.goldberg@filters.test',
      'alan.turing@filters.test',
    ]);
    expect(
      await matching('externalId eq "ext-ada" or externalId eq "ext-ken" or displayName eq "Alan Turing"'),
    ).toEqual(['ada.lovelace@filters.test', 'alan.turing@filters.test', 'ken.thompson@filters.test']);
  });

  it('value paths on emails, and membership', async () => {
    expect(await matching('emails[type eq "home"]')).toEqual([
      'ada.lovelace@filters.test',
      'adele.goldberg@filters.test',
    ]);
    expect(await matching('emails[type eq "work" and value co "hopper"]')).toEqual([
      'grace.hopper@filters.test',
    ]);
    // One e-mail must satisfy the whole value filter: Ada's work address is not at home.example.
    expect(await matching('emails[type eq "work" and value ew "home.example"]')).toEqual([]);
    expect(await matching('emails[primary eq true]')).toEqual([
      'ada.lovelace@filters.test',
      'grace.hopper@filters.test',
    ]);
    expect(await matching('emails[not (type eq "work")]')).toEqual([
      'ada.lovelace@filters.test',
      'adele.goldberg@filters.test',
    ]);
    expect(await matching('emails[value eq "GRACE.HOPPER@filters.test"]')).toEqual([
      'grace.hopper@filters.test',
    ]);
    expect(await matching(`groups.value eq "${team.id}"`)).toEqual([
      'ada.lovelace@filters.test',
      'grace.hopper@filters.test',
    ]);
    expect(await matching(`groups[value eq "${team.id}"] and active eq true`)).toHaveLength(2);
  });

  it('groups by displayName (case-insensitively), externalId, member and dates', async () => {
    const found = async (filter: string): Promise<string[]> => {
      const response = await scim.request<ScimListBody<ScimGroupBody>>(
        'GET',
        `/Groups${filterQuery(filter)}`,
      );
      expect(response.status, response.text).toBe(200);
      return response.body.Resources.map((group) => group.id);
    };
    expect(await found('displayName eq "PIONEERS"')).toEqual([team.id]);
    expect(await found('displayName sw "pio"')).toEqual([team.id]);
    expect(await found('displayName co "nee"')).toEqual([team.id]);
    expect(await found('externalId eq "grp-pioneers"')).toEqual([team.id]);
    expect(await found(`members.value eq "${user('ada.lovelace@filters.test').id}"`)).toEqual([team.id]);
    expect(await found(`members eq "${user('ken.thompson@filters.test').id}"`)).toEqual([]);
    expect(await found(`meta.created ge "${team.meta.created}"`)).toEqual([team.id]);
    expect(await found(`meta.lastModified lt "${team.meta.lastModified}"`)).toEqual([]);
  });

  it('refuses what it cannot evaluate with 400 invalidFilter', async () => {
    for (const filter of [
      'userName xx "a"',
      'userName eq',
      '(userName eq "a"',
      'title eq "Engineer"',
      'name.familyName eq "x"',
      'meta.lastModified gt "yesterday"',
      'active co "t"',
      'active eq "maybe"',
      'userName eq 5',
      'meta.created co "2020"',
      'emails[type eq "work"][value eq "x"]',
      'emails[foo eq "x"]',
      'userName[value eq "x"]',
      `groups.display eq "x"`,
      Array.from({ length: 40 }, (_, i) => `userName eq "u${i}"`).join(' or '),
    ]) {
      const response = await scim.request('GET', `/Users${filterQuery(filter)}`);
      expectScimError(response, 400, 'invalidFilter');
    }
    expectScimError(
      await scim.request('GET', `/Users${filterQuery('x'.repeat(3000))}`),
      400,
      'invalidFilter',
    );
  });
});

describe('paging', () => {
  it('pages with 1-based startIndex and count in a stable order, with integer counts', async () => {
    const seen: string[] = [];
    for (let startIndex = 1; startIndex <= users.length; startIndex += 3) {
      const page = await scim.request<ScimListBody<ScimUserBody>>(
        'GET',
        `/Users?startIndex=${startIndex}&count=3`,
      );
      expect(page.status).toBe(200);
      expect(page.body.schemas).toEqual([SCIM_LIST]);
      expect(page.body.totalResults).toBe(users.length);
      expect(page.body.startIndex).toBe(startIndex);
      expect(page.body.itemsPerPage).toBe(Math.min(3, users.length - startIndex + 1));
      expect(page.text).toMatch(/"totalResults":8,"startIndex":\d+,"itemsPerPage":\d+/);
      seen.push(...page.body.Resources.map((found) => found.id));
    }
    expect(seen).toEqual(users.map((created) => created.id));
    const again = await scim.request<ScimListBody<ScimUserBody>>('GET', '/Users?startIndex=4&count=3');
    expect(again.body.Resources.map((found) => found.id)).toEqual(seen.slice(3, 6));
  });

  it('reads startIndex below 1 as 1, negative counts as 0, and pages past the end as empty', async () => {
    const zero = await scim.request<ScimListBody<ScimUserBody>>('GET', '/Users?startIndex=0&count=2');
    expect(zero.body.startIndex).toBe(1);
    expect(zero.body.Resources.map((found) => found.id)).toEqual(
      users.slice(0, 2).map((created) => created.id),
    );
    const none = await scim.request<ScimListBody<ScimUserBody>>('GET', '/Users?count=0');
    expect(none.body).toEqual({
      schemas: [SCIM_LIST],
      totalResults: 8,
      startIndex: 1,
      itemsPerPage: 0,
      Resources: [],
    });
    const negative = await scim.request<ScimListBody<ScimUserBody>>('GET', '/Users?count=-5');
    expect(negative.body.itemsPerPage).toBe(0);
    const past = await scim.request<ScimListBody<ScimUserBody>>('GET', '/Users?startIndex=100');
    expect(past.body).toMatchObject({ totalResults: 8, startIndex: 100, itemsPerPage: 0, Resources: [] });
    const filtered = await scim.request<ScimListBody<ScimUserBody>>(
      'GET',
      `/Users${filterQuery('userName sw "a"', '&startIndex=2&count=1')}`,
    );
    expect(filtered.body).toMatchObject({ totalResults: 3, startIndex: 2, itemsPerPage: 1 });
    expectScimError(await scim.request('GET', '/Users?count=ten'), 400, 'invalidValue');
    expectScimError(await scim.request('GET', '/Users?startIndex=1.5'), 400, 'invalidValue');
    expectScimError(await scim.request('GET', '/Users?sortBy=userName'), 400, 'invalidValue');
  });
});

describe('attributes and excludedAttributes', () => {
  it('returns only what is asked for, plus id and schemas', async () => {
    const ada = user('ada.lovelace@filters.test');
    const only = await scim.request<Record<string, unknown>>('GET', `/Users/${ada.id}?attributes=userName`);
    expect(only.body).toEqual({ schemas: [SCIM_USER], id: ada.id, userName: ada.userName });

    const subs = await scim.request<Record<string, unknown>>(
      'GET',
      `/Users/${ada.id}?attributes=emails.value,meta.version`,
    );
    expect(subs.body).toEqual({
      schemas: [SCIM_USER],
      id: ada.id,
      emails: [{ value: 'ada.lovelace@filters.test' }, { value: 'ada@home.example' }],
      meta: { version: ada.meta.version },
    });

    const listed = await scim.request<ScimListBody<Record<string, unknown>>>(
      'GET',
      `/Users${filterQuery('externalId pr', '&attributes=externalId')}`,
    );
    for (const resource of listed.body.Resources)
      expect(Object.keys(resource).sort()).toEqual(['externalId', 'id', 'schemas']);
  });

  it('leaves out what is excluded, never id', async () => {
    const ada = user('ada.lovelace@filters.test');
    const response = await scim.request<Record<string, unknown>>(
      'GET',
      `/Users/${ada.id}?excludedAttributes=emails,meta,groups,id`,
    );
    expect(response.body).toEqual({
      schemas: [SCIM_USER],
      id: ada.id,
      externalId: 'ext-ada',
      userName: ada.userName,
      displayName: 'Ada Lovelace',
      active: true,
    });
    const withGroups = await scim.request<ScimUserBody>('GET', `/Users/${ada.id}`);
    expect(withGroups.body.groups?.map((group) => group.value)).toEqual([team.id]);
  });

  it('projects extension attributes and groups', async () => {
    const created = await scim.request<ScimUserBody>('POST', '/Users', {
      schemas: [SCIM_USER, SCIM_ENTERPRISE],
      userName: 'projected@filters.test',
      [SCIM_ENTERPRISE]: { department: 'R&D', employeeNumber: '7' },
    });
    const projected = await scim.request<Record<string, unknown>>(
      'GET',
      `/Users/${created.body.id}?attributes=${encodeURIComponent(`${SCIM_ENTERPRISE}:department`)}`,
    );
    expect(projected.body).toEqual({
      schemas: [SCIM_USER, SCIM_ENTERPRISE],
      id: created.body.id,
      [SCIM_ENTERPRISE]: { department: 'R&D' },
    });
    const group = await scim.request<Record<string, unknown>>(
      'GET',
      `/Groups/${team.id}?attributes=displayName`,
    );
    expect(group.body).toEqual({ schemas: [SCIM_GROUP], id: team.id, displayName: 'Pioneers' });
    await scim.request('DELETE', `/Users/${created.body.id}`);
  });

  it('refuses an attribute that does not exist', async () => {
    expectScimError(await scim.request('GET', '/Users?attributes=shoeSize'), 400, 'invalidPath');
    expectScimError(
      await scim.request('GET', `/Groups/${team.id}?excludedAttributes=name`),
      400,
      'invalidPath',
    );
  });
});

describe('ETags', () => {
  it('versions users: If-None-Match gives 304, a stale If-Match gives 412, a current or * one passes', async () => {
    const created = await scim.request<ScimUserBody>('POST', '/Users', {
      schemas: [SCIM_USER],
      userName: 'etag@filters.test',
    });
    const id = created.body.id;
    const version = created.headers.get('etag') ?? '';
    expect(version).toBe(created.body.meta.version);

    const get = await scim.request('GET', `/Users/${id}`);
    expect(get.headers.get('etag')).toBe(version);
    const cached = await scim.request('GET', `/Users/${id}`, undefined, {
      headers: { 'if-none-match': version },
    });
    expect(cached.status).toBe(304);
    expect(cached.text).toBe('');

    const changed = await scim.request<ScimUserBody>(
      'PUT',
      `/Users/${id}`,
      { schemas: [SCIM_USER], userName: 'etag@filters.test', displayName: 'Versioned' },
      { headers: { 'if-match': version } },
    );
    expect(changed.status, changed.text).toBe(200);
    const next = changed.headers.get('etag') ?? '';
    expect(next).not.toBe(version);
    expect(changed.body.meta.version).toBe(next);

    const patch = {
      schemas: [SCIM_PATCH],
      Operations: [{ op: 'replace', path: 'displayName', value: 'Stale' }],
    };
    expectScimError(
      await scim.request('PATCH', `/Users/${id}`, patch, { headers: { 'if-match': version } }),
      412,
    );
    expectScimError(
      await scim.request(
        'PUT',
        `/Users/${id}`,
        { userName: 'etag@filters.test' },
        { headers: { 'if-match': version } },
      ),
      412,
    );
    expectScimError(
      await scim.request('DELETE', `/Users/${id}`, undefined, { headers: { 'if-match': version } }),
      412,
    );
    expect((await scim.request<ScimUserBody>('GET', `/Users/${id}`)).body.displayName).toBe('Versioned');

    // The strong form of the same tag, and a list of tags, match too (weak comparison).
    const strong = next.replace(/^W\//, '');
    const patched = await scim.request('PATCH', `/Users/${id}`, patch, {
      headers: { 'if-match': `"nope", ${strong}` },
    });
    expect(patched.status).toBe(200);
    const any = await scim.request('PATCH', `/Users/${id}`, patch, { headers: { 'if-match': '*' } });
    expect(any.status).toBe(200);
    // An unchanged resource keeps its version.
    expect(any.headers.get('etag')).toBe(patched.headers.get('etag'));
    expect(
      (await scim.request('DELETE', `/Users/${id}`, undefined, { headers: { 'if-match': '*' } })).status,
    ).toBe(204);
  });

  it('versions groups by their members too', async () => {
    const group = await scim.request<ScimGroupBody>('POST', '/Groups', {
      schemas: [SCIM_GROUP],
      displayName: 'Versioned group',
    });
    const version = group.headers.get('etag') ?? '';
    const add = {
      schemas: [SCIM_PATCH],
      Operations: [{ op: 'add', path: 'members', value: [{ value: user('ken.thompson@filters.test').id }] }],
    };
    const added = await scim.request('PATCH', `/Groups/${group.body.id}`, add, {
      headers: { 'if-match': version },
    });
    expect(added.status).toBe(204);
    const next = added.headers.get('etag') ?? '';
    expect(next).not.toBe(version);
    const listed = await scim.request<ScimListBody<ScimGroupBody>>(
      'GET',
      `/Groups${filterQuery('displayName eq "Versioned group"', '&excludedAttributes=members')}`,
    );
    expect(listed.body.Resources[0]?.meta.version).toBe(next);
    expect((await scim.request('GET', `/Groups/${group.body.id}`)).headers.get('etag')).toBe(next);
    expectScimError(
      await scim.request('PATCH', `/Groups/${group.body.id}`, add, { headers: { 'if-match': version } }),
      412,
    );
    expectScimError(
      await scim.request('DELETE', `/Groups/${group.body.id}`, undefined, {
        headers: { 'if-match': version },
      }),
      412,
    );
    expect(
      (await scim.request('DELETE', `/Groups/${group.body.id}`, undefined, { headers: { 'if-match': next } }))
        .status,
    ).toBe(204);
  });
});

describe('errors', () => {
  it('answers malformed JSON with 400 invalidSyntax in the SCIM format', async () => {
    expectScimError(
      await scim.request('POST', '/Users', undefined, { raw: '{"userName": ' }),
      400,
      'invalidSyntax',
    );
    expectScimError(
      await scim.request('PATCH', `/Users/${users[0]?.id ?? ''}`, undefined, { raw: '[1,' }),
      400,
      'invalidSyntax',
    );
    expectScimError(await scim.request('POST', '/Users', ['not', 'an', 'object']), 400, 'invalidSyntax');
    expectScimError(
      await scim.request('POST', '/Users', { schemas: ['urn:example:not-a-user'], userName: 'x' }),
      400,
      'invalidSyntax',
    );
  });

  it('answers wrong content with 400 invalidValue', async () => {
    expectScimError(await scim.request('POST', '/Users', { schemas: [SCIM_USER] }), 400, 'invalidValue');
    expectScimError(await scim.request('POST', '/Users', { userName: 5 }), 400, 'invalidValue');
    expectScimError(
      await scim.request('POST', '/Users', { userName: 'x@filters.test', active: 'sometimes' }),
      400,
      'invalidValue',
    );
    expectScimError(await scim.request('POST', '/Users', { userName: 'x'.repeat(256) }), 400, 'invalidValue');
    expectScimError(
      await scim.request('POST', '/Users', { userName: 'y@filters.test', name: 'Just A String' }),
      400,
      'invalidValue',
    );
    expectScimError(await scim.request('POST', '/Groups', { schemas: [SCIM_GROUP] }), 400, 'invalidValue');
    expect(await matching('userName sw "x@"')).toEqual([]);
  });

  it('answers bad PATCH requests with invalidPath, mutability, noTarget and invalidSyntax', async () => {
    const id = user('margaret.hamilton@filters.test').id;
    const patch = (...operations: unknown[]) =>
      scim.request('PATCH', `/Users/${id}`, { schemas: [SCIM_PATCH], Operations: operations });
    expectScimError(await patch({ op: 'replace', path: 'shoeSize', value: 44 }), 400, 'invalidPath');
    expectScimError(await patch({ op: 'replace', path: 'name.nickname', value: 'x' }), 400, 'invalidPath');
    expectScimError(
      await patch({ op: 'replace', path: 'emails[type eq "work"].colour', value: 'x' }),
      400,
      'invalidPath',
    );
    expectScimError(
      await patch({ op: 'replace', path: 'emails[type eq "work"', value: 'x' }),
      400,
      'invalidPath',
    );
    expectScimError(await patch({ op: 'add', value: { shoeSize: 44 } }), 400, 'invalidPath');
    expectScimError(await patch({ op: 'replace', path: 'id', value: 'mine' }), 400, 'mutability');
    expectScimError(
      await patch({ op: 'add', path: 'groups', value: [{ value: team.id }] }),
      400,
      'mutability',
    );
    expectScimError(await patch({ op: 'remove' }), 400, 'noTarget');
    expectScimError(
      await patch({ op: 'replace', path: 'emails[type co "nowhere"].value', value: 'x@y.test' }),
      400,
      'noTarget',
    );
    expectScimError(await patch({ op: 'move', path: 'displayName' }), 400, 'invalidSyntax');
    expectScimError(await patch({ op: 'add', path: 'displayName' }), 400, 'invalidSyntax');
    expectScimError(await patch({ op: 'replace', path: 'active', value: 3 }), 400, 'invalidValue');
    expectScimError(
      await scim.request('PATCH', `/Users/${id}`, { schemas: [SCIM_PATCH] }),
      400,
      'invalidSyntax',
    );
    expectScimError(
      await scim.request('PATCH', `/Users/${id}`, {
        schemas: [SCIM_USER],
        Operations: [{ op: 'add', path: 'title', value: 'x' }],
      }),
      400,
      'invalidSyntax',
    );
    // Nothing was changed by any of them.
    const after = await scim.request<ScimUserBody>('GET', `/Users/${id}`);
    expect(after.body.meta.version).toBe(user('margaret.hamilton@filters.test').meta.version);
  });

  it('applies all of a PATCH or none of it', async () => {
    const id = user('barbara.liskov@filters.test').id;
    const response = await scim.request('PATCH', `/Users/${id}`, {
      schemas: [SCIM_PATCH],
      Operations: [
        { op: 'replace', path: 'displayName', value: 'Half done' },
        { op: 'replace', path: 'userName', value: 'ada.lovelace@filters.test' },
      ],
    });
    expectScimError(response, 409, 'uniqueness');
    expect((await scim.request<ScimUserBody>('GET', `/Users/${id}`)).body.displayName).toBe('Barbara Liskov');
  });

  it('answers unknown ids of any shape with 404 on every method', async () => {
    for (const id of [
      '010101001010101011001010101011',
      '4f6b2c1e-0000-4000-8000-000000000000',
      'DROP%20TABLE',
    ]) {
      for (const resource of ['Users', 'Groups']) {
        expectScimError(await scim.request('GET', `/${resource}/${id}`), 404);
        expectScimError(
          await scim.request('PUT', `/${resource}/${id}`, { userName: 'x', displayName: 'x' }),
          404,
        );
        expectScimError(
          await scim.request('PATCH', `/${resource}/${id}`, {
            schemas: [SCIM_PATCH],
            Operations: [{ op: 'replace', path: 'displayName', value: 'x' }],
          }),
          404,
        );
        expectScimError(await scim.request('DELETE', `/${resource}/${id}`), 404);
      }
    }
  });

  it('answers unknown endpoints 404, unsupported ones 501, wrong media types 415, huge bodies 413', async () => {
    expectScimError(await scim.request('GET', '/Widgets'), 404);
    expectScimError(
      await scim.request('POST', '/Bulk', { schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'] }),
      501,
    );
    expectScimError(await scim.request('GET', '/Me'), 501);
    expectScimError(await scim.request('POST', '/Users/.search', { filter: 'userName eq "x"' }), 501);
    expectScimError(
      await scim.request('POST', '/Users', undefined, {
        raw: 'userName=x',
        headers: { 'content-type': 'text/plain' },
      }),
      415,
    );
    expectScimError(
      await scim.request('POST', '/Users', { userName: 'big@filters.test', title: 'x'.repeat(1_200_000) }),
      413,
    );
  });

  it('answers 401 with a challenge for missing or foreign credentials', async () => {
    const missing = await scim.request('GET', '/Users', undefined, { token: null });
    expectScimError(missing, 401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expectScimError(await scim.request('GET', '/Users', undefined, { token: 'scim_notarealtoken' }), 401);
    expectScimError(
      await scim.request('GET', '/ServiceProviderConfig', undefined, { token: cp.adminToken }),
      401,
    );
    const owner = await createPerson(cp, scim.tenant, 'owner', 'tenant-owner');
    expectScimError(await scim.request('GET', '/Users', undefined, { token: owner.token }), 401);
    expectScimError(
      await scim.request('GET', '/Users', undefined, {
        headers: { authorization: `Basic ${btoa('a:b')}` },
        token: null,
      }),
      401,
    );
    // And a SCIM token is no key to the admin API.
    expect((await cp.request('/api/v1/users', { token: scim.token })).status).toBe(401);
  });
});

describe('discovery', () => {
  it('describes exactly what is supported', async () => {
    const config = await scim.request<Record<string, unknown>>('GET', '/ServiceProviderConfig');
    expect(config.status).toBe(200);
    expect(config.headers.get('content-type')).toBe('application/scim+json; charset=utf-8');
    expect(config.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
      patch: { supported: true },
      bulk: { supported: false },
      filter: { supported: true, maxResults: 200 },
      changePassword: { supported: false },
      sort: { supported: false },
      etag: { supported: true },
      authenticationSchemes: [expect.objectContaining({ type: 'oauthbearertoken', primary: true })],
    });

    const types = await scim.request<ScimListBody<Record<string, unknown>>>('GET', '/ResourceTypes');
    expect(types.body.totalResults).toBe(2);
    expect(types.body.Resources).toEqual([
      expect.objectContaining({
        id: 'User',
        endpoint: '/Users',
        schema: SCIM_USER,
        schemaExtensions: [{ schema: SCIM_ENTERPRISE, required: false }],
      }),
      expect.objectContaining({ id: 'Group', endpoint: '/Groups', schema: SCIM_GROUP, schemaExtensions: [] }),
    ]);
    expect((await scim.request<Record<string, unknown>>('GET', '/ResourceTypes/Group')).body.id).toBe(
      'Group',
    );
    expectScimError(await scim.request('GET', '/ResourceTypes/Device'), 404);

    const schemas = await scim.request<
      ScimListBody<{ id: string; attributes: { name: string; mutability: string }[] }>
    >('GET', '/Schemas');
    expect(schemas.body.Resources.map((schema) => schema.id)).toEqual([
      SCIM_USER,
      SCIM_ENTERPRISE,
      SCIM_GROUP,
    ]);
    const userSchema = await scim.request<{
      attributes: { name: string; mutability: string; subAttributes?: unknown[] }[];
    }>('GET', `/Schemas/${SCIM_USER}`);
    const attributes = userSchema.body.attributes.map((attribute) => attribute.name);
    expect(attributes).toEqual(
      expect.arrayContaining(['userName', 'name', 'displayName', 'active', 'emails', 'groups']),
    );
    expect(attributes).not.toContain('password');
    expect(userSchema.body.attributes.find((attribute) => attribute.name === 'groups')?.mutability).toBe(
      'readOnly',
    );
    expect(JSON.stringify(userSchema.body)).not.toContain('maxLength');
    expectScimError(await scim.request('GET', '/Schemas/urn:example:nothing'), 404);
  });
});

describe('tenant isolation', () => {
  it('shows a token only its own tenant’s users and groups', async () => {
    const other = await createScimClient(cp, 'scim-protocol-other');
    const theirs = await other.request<ScimUserBody>('POST', '/Users', {
      schemas: [SCIM_USER],
      userName: 'ada.lovelace@filters.test',
    });
    expect(theirs.status, 'the same userName may exist in another tenant').toBe(201);
    const theirGroup = await other.request<ScimGroupBody>('POST', '/Groups', {
      schemas: [SCIM_GROUP],
      displayName: 'Pioneers',
      members: [{ value: theirs.body.id }],
    });
    expect(theirGroup.status).toBe(201);

    for (const path of [`/Users/${theirs.body.id}`, `/Groups/${theirGroup.body.id}`]) {
      expectScimError(await scim.request('GET', path), 404);
      expectScimError(await scim.request('PUT', path, { userName: 'stolen', displayName: 'stolen' }), 404);
      expectScimError(
        await scim.request('PATCH', path, {
          schemas: [SCIM_PATCH],
          Operations: [{ op: 'replace', path: 'displayName', value: 'stolen' }],
        }),
        404,
      );
      expectScimError(await scim.request('DELETE', path), 404);
    }
    const listed = await scim.request<ScimListBody<ScimUserBody>>('GET', '/Users?count=200');
    expect(listed.text).not.toContain(theirs.body.id);
    expect(listed.body.totalResults).toBe((await matching('userName pr')).length);
    const byName = await scim.request<ScimListBody<ScimUserBody>>(
      'GET',
      `/Users${filterQuery('userName eq "ada.lovelace@filters.test"')}`,
    );
    expect(byName.body.Resources.map((found) => found.id)).toEqual([user('ada.lovelace@filters.test').id]);
    const groups = await scim.request<ScimListBody<ScimGroupBody>>(
      'GET',
      `/Groups${filterQuery('displayName eq "Pioneers"')}`,
    );
    expect(groups.body.Resources.map((group) => group.id)).toEqual([team.id]);
    expect(
      (
        await scim.request<ScimListBody<ScimGroupBody>>(
          'GET',
          `/Groups${filterQuery(`members eq "${theirs.body.id}"`)}`,
        )
      ).body.totalResults,
    ).toBe(0);

    // Their user cannot be made a member of our group.
    expectScimError(
      await scim.request('PATCH', `/Groups/${team.id}`, {
        schemas: [SCIM_PATCH],
        Operations: [{ op: 'add', path: 'members', value: [{ value: theirs.body.id }] }],
      }),
      400,
      'invalidValue',
    );
    // And theirs is untouched by all of the above.
    const still = await other.request<ScimUserBody>('GET', `/Users/${theirs.body.id}`);
    expect(still.body).toMatchObject({ active: true, userName: 'ada.lovelace@filters.test' });
    expect(still.body.groups?.map((group) => group.value)).toEqual([theirGroup.body.id]);
  });
});
