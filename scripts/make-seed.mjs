// Generates fixtures/seed.json: the local portal's demo data (see SeedSchema in src/server/seed.ts).
// Deterministic (a fixed pseudo-random sequence), so re-running it reproduces the committed file.
// Run: npx node scripts/make-seed.mjs && npx biome format --write fixtures/seed.json (then commit it).
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';

let state = 20261123;
function random() {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (list) => list[Math.floor(random() * list.length)];
const some = (list, max) => {
  const n = Math.floor(random() * (max + 1));
  return [...new Set(Array.from({ length: n }, () => pick(list)))];
};
const pad = (n, width) => String(n).padStart(width, '0');
const token = (label) => createHash('sha256').update(label).digest('base64url').slice(0, 24);
const ascii = (s) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
const addMinutes = (iso, minutes) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

// ── Organisation ──────────────────────────────────────────────────────────────────────────────
const groups = [
  { id: 'grp_gta', name: 'Greater Toronto Employment Network' },
  { id: 'grp_eastern', name: 'Eastern Ontario Employment Partners' },
];
const providers = [
  { id: 'sp_northstar', name: 'Northstar Employment Services', groupId: 'grp_gta' },
  { id: 'sp_lakeshore', name: 'Lakeshore Career Centre', groupId: 'grp_gta' },
  { id: 'sp_rideau', name: 'Rideau Valley Job Connections', groupId: 'grp_eastern' },
];
const staff = [
  {
    id: 'st_admin01',
    providerId: 'sp_northstar',
    name: 'Priya Raman',
    email: 'priya.raman@northstar.example.org',
    permissions: ['administrator'],
    token: 'demo-admin-token',
    description: 'Administrator: every permission, sees every provider.',
  },
  {
    id: 'st_clients01',
    providerId: 'sp_northstar',
    name: 'Daniel Okafor',
    email: 'daniel.okafor@northstar.example.org',
    permissions: ['clients'],
    token: 'demo-clients-token',
    description: 'Northstar caseworker with the clients permission only (no caseworker or provider changes).',
  },
  {
    id: 'st_noclients01',
    providerId: 'sp_northstar',
    name: 'Hélène Tremblay',
    email: 'helene.tremblay@northstar.example.org',
    permissions: [],
    token: 'demo-no-clients-token',
    description: 'Northstar staff with no permission at all: every client endpoint answers 403 (clients).',
  },
  {
    id: 'st_spadmin01',
    providerId: 'sp_northstar',
    name: 'Marcus Chen',
    email: 'marcus.chen@northstar.example.org',
    permissions: ['clients', 'sp-admin'],
    token: 'demo-sp-admin-token',
    description: 'Northstar Service Provider Administration: clients + sp-admin (may set caseworkers).',
  },
  {
    id: 'st_grpadmin01',
    providerId: 'sp_northstar',
    name: 'Aisha Mohamed',
    email: 'aisha.mohamed@northstar.example.org',
    permissions: ['clients', 'sp-group-admin'],
    token: 'demo-group-admin-token',
    description:
      'Northstar Service Provider Group Administration: clients + sp-group-admin (may set the provider and refer within the group; not caseworkers).',
  },
  {
    id: 'st_portal01',
    providerId: 'sp_northstar',
    name: 'Jordan MacDonald',
    email: 'jordan.macdonald@northstar.example.org',
    permissions: ['portal-users'],
    token: 'demo-portal-users-token',
    description: 'Northstar staff with portal-users only: manages external portal users, no client access.',
  },
  {
    id: 'st_allperm01',
    providerId: 'sp_northstar',
    name: 'Olivia Bennett',
    email: 'olivia.bennett@northstar.example.org',
    permissions: ['clients', 'sp-admin', 'sp-group-admin', 'portal-users'],
    token: 'demo-full-staff-token',
    description: 'Northstar manager with every permission except administrator (still scoped to Northstar).',
  },
  ...[
    ['st_cwa001', 'Sarah Thompson'],
    ['st_cwa002', 'Kevin Nguyen'],
    ['st_cwa003', 'Fatima Siddiqui'],
    ['st_cwa004', "Liam O'Connor"],
  ].map(([id, name]) => ({
    id,
    providerId: 'sp_northstar',
    name,
    email: `${ascii(name.split(' ')[0])}.${ascii(name.split(' ')[1])}@northstar.example.org`,
    permissions: ['clients'],
    description: 'Northstar caseworker (no API token).',
  })),
  {
    id: 'st_provb01',
    providerId: 'sp_lakeshore',
    name: 'Gurpreet Sandhu',
    email: 'gurpreet.sandhu@lakeshore.example.org',
    permissions: ['clients', 'sp-admin'],
    token: 'demo-provider-b-token',
    description: 'Lakeshore (the second provider of the GTA group): clients + sp-admin; cannot see Northstar clients.',
  },
  ...[
    ['st_cwb001', 'Emily Wong'],
    ['st_cwb002', 'Carlos Mendes'],
  ].map(([id, name]) => ({
    id,
    providerId: 'sp_lakeshore',
    name,
    email: `${ascii(name.split(' ')[0])}.${ascii(name.split(' ')[1])}@lakeshore.example.org`,
    permissions: ['clients'],
    description: 'Lakeshore caseworker (no API token).',
  })),
  {
    id: 'st_provc01',
    providerId: 'sp_rideau',
    name: 'Sophie Lavoie',
    email: 'sophie.lavoie@rideau.example.org',
    permissions: ['clients', 'sp-admin', 'sp-group-admin'],
    token: 'demo-provider-c-token',
    description: 'Rideau Valley (another group, Eastern Ontario): clients + sp-admin + sp-group-admin.',
  },
  {
    id: 'st_cwc001',
    providerId: 'sp_rideau',
    name: 'Noah Whitehead',
    email: 'noah.whitehead@rideau.example.org',
    permissions: ['clients'],
    description: 'Rideau Valley caseworker (no API token).',
  },
];
const caseworkers = {
  sp_northstar: ['st_clients01', 'st_spadmin01', 'st_cwa001', 'st_cwa002', 'st_cwa003', 'st_cwa004'],
  sp_lakeshore: ['st_provb01', 'st_cwb001', 'st_cwb002'],
  sp_rideau: ['st_provc01', 'st_cwc001'],
};

// ── People ────────────────────────────────────────────────────────────────────────────────────
const FIRST = [
  'Olivia',
  'Liam',
  'Amelia',
  'Noah',
  'Chloé',
  'Mathieu',
  'Aaliyah',
  'Arjun',
  'Harpreet',
  'Mei',
  'Wei',
  'Fatima',
  'Omar',
  'Amara',
  'Kwame',
  'Jasmine',
  'Ethan',
  'Zoë',
  'Gabriel',
  'Isabelle',
  'Raj',
  'Ananya',
  'Tariq',
  'Leila',
  'Santiago',
  'Lucía',
  'Nikolai',
  'Anastasia',
  'Tomasz',
  'Agnieszka',
  'Darnell',
  'Keisha',
  'Hiroshi',
  'Yuki',
  'Minh',
  'Thi',
  'Abdi',
  'Hodan',
  'Samuel',
  'Grace',
  'Ryan',
  'Emma',
  'Connor',
  'Siobhan',
  'Jacob',
  'Ava',
  'Marie-Ève',
  'Jean-Luc',
  'Dakota',
  'Tanis',
];
const LAST = [
  'Singh',
  'Patel',
  'Tremblay',
  'Gagnon',
  'Roy',
  'Côté',
  'Bouchard',
  'Gauthier',
  'Morin',
  'Lavoie',
  'Smith',
  'Brown',
  'Wilson',
  'MacDonald',
  'Campbell',
  'Stewart',
  'Thompson',
  'Li',
  'Wang',
  'Chen',
  'Nguyen',
  'Tran',
  'Kim',
  'Park',
  'Ahmed',
  'Hassan',
  'Ali',
  'Mohamed',
  'Osei',
  'Mensah',
  'Okonkwo',
  'Da Silva',
  'Santos',
  'Rodríguez',
  'Kowalski',
  'Nowak',
  'Ivanov',
  'Petrov',
  'Haile',
  'Yusuf',
  'St-Pierre',
  'Lévesque',
  'Bélanger',
  'Kaur',
  'Dhillon',
  'Gill',
  'Sutherland',
  'Whitehead',
  'Meekis',
  'Jean-Baptiste',
];
const PRONOUNS = ['she/her', 'he/him', 'they/them', null, null];
const CITIES = {
  sp_northstar: [
    ['Toronto', '416', ['M4C', 'M6H', 'M5V', 'M1P', 'M9W', 'M4J', 'M6P']],
    ['Scarborough', '647', ['M1B', 'M1K']],
    ['North York', '437', ['M2N', 'M3J']],
  ],
  sp_lakeshore: [
    ['Mississauga', '905', ['L5B', 'L5M', 'L4Z']],
    ['Brampton', '289', ['L6T', 'L6Y']],
    ['Oakville', '905', ['L6H', 'L6J']],
  ],
  sp_rideau: [
    ['Ottawa', '613', ['K1N', 'K2P', 'K1Z']],
    ['Kingston', '343', ['K7L', 'K7K']],
  ],
};
const STREETS = [
  'Queen St W',
  'Danforth Ave',
  'Bloor St E',
  'Dundas St W',
  'Eglinton Ave E',
  'Lawrence Ave W',
  'Hurontario St',
  'Main St N',
  'King St E',
  'Bank St',
  'Rideau St',
  'Princess St',
  'Lakeshore Rd W',
  'Steeles Ave W',
  'Finch Ave E',
  'Kennedy Rd',
  'Jane St',
  'Weston Rd',
  'Carling Ave',
  'Montreal Rd',
];
const SELF_ID = [
  'Indigenous',
  'Newcomer to Canada',
  'Person with a disability',
  'Racialized',
  'Francophone',
  'Youth',
  'Veteran',
  '2SLGBTQI+',
];
const OCCUPATIONS = [
  'Retail salesperson',
  'Cook',
  'Warehouse worker',
  'Administrative assistant',
  'Personal support worker',
  'Truck driver',
  'Customer service representative',
  'Early childhood educator',
  'Electrician apprentice',
  'Software tester',
  'Bookkeeper',
  'Security guard',
  'Landscaper',
  'Hotel front desk clerk',
  'Welder',
];
const NEEDS = [
  'Resume support',
  'Interview preparation',
  'Digital skills',
  'Language training',
  'Childcare',
  'Transportation support',
  'Work clothing',
  'Mental health referral',
  'Housing support',
  'Credential recognition',
];
const SOURCES = [
  'Ontario Works',
  'ODSP',
  'Self-referral',
  'Community agency',
  'Employment Ontario hotline',
  'Settlement agency',
];
const REASONS = [
  'Laid off from a manufacturing job; looking for warehouse or logistics work close to transit.',
  'Newcomer with international credentials in accounting; needs Canadian work experience.',
  'Returning to work after caring for a family member; wants part-time administrative work.',
  'Recent college graduate looking for a first job in early childhood education.',
  'Needs help with a resume and interview practice for retail and customer service roles.',
  'Completed a PSW certificate; looking for placements in long-term care.',
  'Wants to move from seasonal landscaping into a year-round trade apprenticeship.',
  'Referred by Ontario Works caseworker for job search support and digital skills.',
];
const SECOND_REASONS = [
  'Re-referred after a short-term contract ended; now looking for permanent full-time work.',
  'Updated referral: now interested in trades training (pre-apprenticeship) as well.',
];
const TRANSPORT = ['own-vehicle', 'public-transit', 'limited', 'none'];
const CHANNELS = ['email', 'phone', 'sms', 'portal'];
const FREQUENCIES = ['daily', 'weekly', 'monthly', 'never'];

function person(providerId, i, names) {
  const first = names?.[0] ?? pick(FIRST);
  const last = names?.[1] ?? pick(LAST);
  const [city, area, fsas] = pick(CITIES[providerId]);
  const ldu = `${Math.floor(random() * 10)}${'ABCEGHJKLMNPRSTVWXYZ'[Math.floor(random() * 20)]}${Math.floor(random() * 10)}`;
  const year = 1965 + Math.floor(random() * 40);
  return {
    firstName: first,
    lastName: last,
    email: `${ascii(first)}.${ascii(last)}${i}@${i % 2 ? 'example.org' : 'example.com'}`,
    phone: `${area}-555-01${pad(i % 100, 2)}`,
    address: `${10 + Math.floor(random() * 2980)} ${pick(STREETS)}, ${city}, ON ${pick(fsas)} ${ldu}`,
    dateOfBirth: `${year}-${pad(1 + Math.floor(random() * 12), 2)}-${pad(1 + Math.floor(random() * 28), 2)}`,
    selfIdentification: some(SELF_ID, 2),
  };
}

function timestamp(i) {
  // Spread over Sept 2025 – Oct 2026, in creation order.
  const start = Date.parse('2025-09-02T13:00:00.000Z');
  return new Date(start + i * 2.9 * 24 * 3600_000 + Math.floor(random() * 6 * 3600_000)).toISOString();
}

// Hand-picked names first, for duplicate-check demos (accents, apostrophes, hyphens, spaces).
const NAMED = [
  ['Mary-Ann', "O'Brien"],
  ['José', 'Côté'],
  ['Zoë', 'Lévesque'],
  ['Jean-Luc', 'St-Pierre'],
  ['Anne Marie', 'MacDonald'],
  ['Chloé', 'Da Silva'],
];

const CLIENTS = 140;
const camsClients = [];
const camsCases = [];
const assessments = [];
const clients = [];
// Consent to being put forward to employers' client portals, as staff recorded it.
const CONSENTS = {
  cl_000006: [true, '2026-09-14T15:20:00.000Z', 'st_cwa001'],
  cl_000008: [true, '2026-09-21T14:05:00.000Z', 'st_cwa002'],
  cl_000012: [true, '2026-10-02T13:40:00.000Z', 'st_cwa003'],
  cl_000014: [true, '2026-10-06T16:10:00.000Z', 'st_cwa001'],
  cl_000016: [false, '2026-10-08T10:30:00.000Z', 'st_cwa002'],
};
let noteSeq = 0;
let taskSeq = 0;
let repSeq = 0;
let caseSeq = 0;
const nextCase = () => `C-2${pad(4100000 + ++caseSeq * 37, 7)}`;

for (let i = 1; i <= CLIENTS; i++) {
  const providerId = i <= 100 ? 'sp_northstar' : i <= 130 ? 'sp_lakeshore' : 'sp_rideau';
  const p = person(providerId, i, NAMED[i - 1]);
  const id = `cl_${pad(i, 6)}`;
  const createdAt = timestamp(i);
  const pool = caseworkers[providerId];
  const caseworkerIds = i % 2 === 0 ? [...new Set([pick(pool), ...(i % 6 === 0 ? [pick(pool)] : [])])] : [];
  const inviteKind = ['none', 'pending', 'accepted', 'declined', 'pending'][i % 5];
  const archived = i % 7 === 3;
  const linkKind = i % 3 === 1 ? 'cams' : i % 6 === 2 ? 'ca' : 'none';

  let link = { type: 'none' };
  if (linkKind === 'cams') {
    const ref = `1${pad(40000000 + i * 7919, 8)}`;
    camsClients.push({
      clientReferenceNumber: ref,
      firstName: p.firstName,
      lastName: p.lastName,
      email: i % 4 === 0 ? null : p.email,
      phone: p.phone,
      address: p.address,
      dateOfBirth: p.dateOfBirth,
      selfIdentification: p.selfIdentification,
    });
    camsCases.push({ caseReferenceNumber: nextCase(), clientReferenceNumber: ref });
    link = { type: 'cams', clientReferenceNumber: ref, linkedAt: createdAt };
  } else if (linkKind === 'ca') {
    const caNumber = `CA-${pad(3001000 + i, 7)}`;
    assessments.push({
      caNumber,
      status: 'submitted',
      firstName: p.firstName,
      lastName: p.lastName,
      email: p.email,
      phone: p.phone,
      address: p.address,
      submittedAt: addMinutes(createdAt, -60 * 24 * 3),
    });
    link = { type: 'ca', caNumber, importedAt: createdAt };
  }

  const sentAt = inviteKind === 'none' ? null : addMinutes(createdAt, 1);
  const invite = {
    status: inviteKind,
    token: inviteKind === 'pending' ? token(`invite-${i}`) : null,
    sentAt,
    sentTo: sentAt ? p.email : null,
    declinedAt: inviteKind === 'declined' ? addMinutes(createdAt, 60 * 24 * 2) : null,
    lastLoginAt: inviteKind === 'accepted' ? addMinutes(createdAt, 60 * 24 + 17) : null,
  };

  const hasReasons = i % 3 !== 0;
  const reasons = hasReasons ? pick(REASONS) : null;
  const notes = [];
  if (reasons) {
    notes.push({
      id: `nt_${pad(++noteSeq, 6)}`,
      kind: 'referral-reasons',
      text: reasons,
      createdAt,
      createdBy: pool[0],
    });
  }
  let currentReasons = reasons;
  if (reasons && i % 10 === 1) {
    currentReasons = pick(SECOND_REASONS);
    notes.push({
      id: `nt_${pad(++noteSeq, 6)}`,
      kind: 'referral-reasons',
      text: currentReasons,
      createdAt: addMinutes(createdAt, 60 * 24 * 30),
      createdBy: pool[0],
    });
  }
  if (i % 4 === 0) {
    notes.push({
      id: `nt_${pad(++noteSeq, 6)}`,
      kind: 'general',
      text: 'Met in person; reviewed resume and agreed on three applications for next week.',
      createdAt: addMinutes(createdAt, 60 * 24 * 7),
      createdBy: caseworkerIds[0] ?? pool[0],
    });
  }
  const tasks =
    i % 5 === 2
      ? [
          {
            id: `tk_${pad(++taskSeq, 6)}`,
            title: i % 2 ? 'Upload an updated resume' : 'Follow up on interview at Maple Logistics',
            dueDate: addMinutes(createdAt, 60 * 24 * 14).slice(0, 10),
            assignee: i % 2 ? 'client' : 'self',
            createdBy: caseworkerIds[0] ?? pool[0],
            createdAt: addMinutes(createdAt, 60 * 24 * 2),
          },
        ]
      : [];
  const representatives =
    i % 9 === 4
      ? [
          {
            id: `rp_${pad(++repSeq, 6)}`,
            firstName: pick(FIRST),
            lastName: p.lastName,
            email: `rep.${ascii(p.lastName)}${i}@example.com`,
            invitedAt: addMinutes(createdAt, 60 * 24 * 5),
          },
        ]
      : [];
  const safetyFlags =
    i % 13 === 5
      ? [
          {
            reason: 'Meet in the office only; do not schedule home visits.',
            createdAt: addMinutes(createdAt, 60 * 24 * 4),
            createdBy: pool[0],
          },
        ]
      : [];

  const source = pick(SOURCES);
  const updatedAt = [createdAt, invite.lastLoginAt, invite.declinedAt, ...notes.map((n) => n.createdAt)]
    .filter(Boolean)
    .sort()
    .at(-1);
  const consent = CONSENTS[id];
  clients.push({
    id,
    ...(consent ? { consent: { shareWithEmployers: consent[0], recordedAt: consent[1], recordedBy: consent[2] } } : {}),
    providerId,
    caseworkerIds,
    ...p,
    preferredName: p.firstName === 'Anne Marie' ? 'Annie' : i % 11 === 7 ? pick(['Sam', 'Jo', 'Alex', 'Max']) : null,
    pronouns: pick(PRONOUNS),
    pendingEmail: i % 25 === 12 ? `${ascii(p.firstName)}.${ascii(p.lastName)}${i}.new@example.org` : null,
    targetOccupations: some(OCCUPATIONS, 3),
    referral: {
      source,
      referenceNumber: source === 'Ontario Works' ? `OW-${pad(500000 + i * 313, 6)}` : null,
      reasons: currentReasons,
    },
    serviceNeeds: some(NEEDS, 3),
    transportation: pick(TRANSPORT),
    communication: { channel: pick(CHANNELS), jobPostUpdates: random() < 0.6, frequency: pick(FREQUENCIES) },
    link,
    invite,
    archived,
    safetyFlags,
    createdAt,
    updatedAt,
    notes,
    tasks,
    representatives,
  });
}

// CaMS clients not linked to any portal client yet (for link / create-with-link demos).
for (let k = 1; k <= 15; k++) {
  const p = person(k % 3 === 0 ? 'sp_lakeshore' : 'sp_northstar', 500 + k);
  const ref = `2${pad(10000000 + k * 104729, 8)}`;
  camsClients.push({
    clientReferenceNumber: ref,
    firstName: p.firstName,
    lastName: p.lastName,
    email: k % 3 === 0 ? null : `${ascii(p.firstName)}.${ascii(p.lastName)}.cams${k}@example.org`,
    phone: p.phone,
    address: p.address,
    dateOfBirth: p.dateOfBirth,
    selfIdentification: p.selfIdentification,
  });
  camsCases.push({ caseReferenceNumber: nextCase(), clientReferenceNumber: ref });
  if (k % 4 === 0) camsCases.push({ caseReferenceNumber: nextCase(), clientReferenceNumber: ref });
}

// Common Assessments nobody imported yet: submitted (importable) and in progress (refused).
for (let k = 1; k <= 20; k++) {
  const p = person('sp_northstar', 700 + k);
  const submitted = k <= 12;
  assessments.push({
    caNumber: `CA-${pad(submitted ? 3005000 + k : 3009000 + k, 7)}`,
    status: submitted ? 'submitted' : 'in-progress',
    firstName: p.firstName,
    lastName: p.lastName,
    email: `${ascii(p.firstName)}.${ascii(p.lastName)}.ca${k}@example.com`,
    phone: p.phone,
    address: p.address,
    submittedAt: submitted ? `2026-10-${pad(1 + k, 2)}T15:30:00.000Z` : null,
  });
}

// ── Client portals and external users ─────────────────────────────────────────────────────────
const portals = [
  {
    id: 'po_northstar01',
    name: 'Maple Logistics hiring portal',
    providerId: 'sp_northstar',
    jobs: [
      { id: 'jb_maple001', title: 'Warehouse associate (days)' },
      { id: 'jb_maple002', title: 'Forklift operator' },
      { id: 'jb_maple003', title: 'Shipping coordinator' },
      { id: 'jb_maple004', title: 'Inventory clerk' },
    ],
  },
  {
    id: 'po_northstar02',
    name: 'Harbourfront Hospitality portal',
    providerId: 'sp_northstar',
    jobs: [
      { id: 'jb_harbour001', title: 'Line cook' },
      { id: 'jb_harbour002', title: 'Front desk agent' },
      { id: 'jb_harbour003', title: 'Housekeeping attendant' },
    ],
  },
  {
    id: 'po_lakeshore01',
    name: 'Credit Valley Health careers portal',
    providerId: 'sp_lakeshore',
    jobs: [
      { id: 'jb_cvh001', title: 'Personal support worker' },
      { id: 'jb_cvh002', title: 'Unit clerk' },
      { id: 'jb_cvh003', title: 'Dietary aide' },
    ],
  },
];

let linkSeq = 0;
function portalUser(n, portalId, first, last, email, access, invitedAt, links, deactivatedAt = null) {
  const staffId = portalId === 'po_lakeshore01' ? 'st_provb01' : 'st_portal01';
  const id = `pu_${pad(n, 6)}`;
  const history = [
    {
      at: invitedAt,
      action: 'invited',
      actor: staffId,
      detail: access.type === 'all-jobs' ? 'all jobs' : `selected jobs: ${access.jobIds.join(', ')}`,
    },
  ];
  const built = links.map((l) => {
    const linkId = `ln_${pad(++linkSeq, 6)}`;
    history.push({ at: l.sentAt, action: 'link-sent', actor: staffId, detail: linkId });
    if (l.lastUsedAt)
      history.push({ at: l.lastUsedAt, action: 'link-used', actor: id, detail: `${linkId} from ${l.lastUsedIp}` });
    if (l.expiredAt) {
      history.push({
        at: l.expiredAt,
        action: 'link-expired',
        actor: staffId,
        detail: deactivatedAt ? `${linkId} (user deactivated)` : linkId,
      });
    }
    return {
      id: linkId,
      token: token(`link-${linkSeq}`),
      status: l.expiredAt ? 'expired' : 'active',
      sentAt: l.sentAt,
      lastUsedAt: l.lastUsedAt ?? null,
      lastUsedIp: l.lastUsedIp ?? null,
      expiredAt: l.expiredAt ?? null,
    };
  });
  if (deactivatedAt) history.push({ at: deactivatedAt, action: 'deactivated', actor: staffId, detail: null });
  history.sort((a, b) => a.at.localeCompare(b.at));
  return {
    id,
    portalId,
    email,
    firstName: first,
    lastName: last,
    access,
    status: deactivatedAt ? 'deactivated' : 'active',
    invitedAt,
    deactivatedAt,
    links: built,
    history,
  };
}

const portalUsers = [
  portalUser(
    1,
    'po_northstar01',
    'Rebecca',
    'Hughes',
    'rebecca.hughes@maple-logistics.example.com',
    { type: 'all-jobs' },
    '2026-06-02T14:00:00.000Z',
    [{ sentAt: '2026-06-02T14:00:00.000Z', lastUsedAt: '2026-10-28T16:42:10.000Z', lastUsedIp: '203.0.113.24' }],
  ),
  portalUser(
    2,
    'po_northstar01',
    'Vikram',
    'Desai',
    'vikram.desai@maple-logistics.example.com',
    { type: 'selected-jobs', jobIds: ['jb_maple001', 'jb_maple002'] },
    '2026-06-10T13:30:00.000Z',
    [
      {
        sentAt: '2026-06-10T13:30:00.000Z',
        lastUsedAt: '2026-07-01T12:05:00.000Z',
        lastUsedIp: '198.51.100.14',
        expiredAt: '2026-08-15T09:00:00.000Z',
      },
      { sentAt: '2026-08-15T09:01:00.000Z' },
    ],
  ),
  portalUser(
    3,
    'po_northstar01',
    'Claire',
    'Fontaine',
    'claire.fontaine@maple-logistics.example.com',
    { type: 'all-jobs' },
    '2026-05-20T15:00:00.000Z',
    [
      {
        sentAt: '2026-05-20T15:00:00.000Z',
        lastUsedAt: '2026-06-03T18:20:00.000Z',
        lastUsedIp: '192.0.2.77',
        expiredAt: '2026-09-01T12:00:00.000Z',
      },
    ],
    '2026-09-01T12:00:00.000Z',
  ),
  portalUser(
    4,
    'po_northstar02',
    'Tyrone',
    'Baptiste',
    'tyrone.baptiste@harbourfront-hospitality.example.com',
    { type: 'all-jobs' },
    '2026-07-07T10:00:00.000Z',
    [{ sentAt: '2026-07-07T10:00:00.000Z' }],
  ),
  portalUser(
    5,
    'po_northstar02',
    'Ines',
    'Carvalho',
    'ines.carvalho@harbourfront-hospitality.example.com',
    { type: 'selected-jobs', jobIds: ['jb_harbour001'] },
    '2026-07-09T11:00:00.000Z',
    [{ sentAt: '2026-07-09T11:00:00.000Z', expiredAt: '2026-09-30T17:00:00.000Z' }],
  ),
  portalUser(
    6,
    'po_lakeshore01',
    'Dr. Helen',
    'Park',
    'helen.park@credit-valley-health.example.com',
    { type: 'all-jobs' },
    '2026-08-01T13:00:00.000Z',
    [{ sentAt: '2026-08-01T13:00:00.000Z', lastUsedAt: '2026-10-30T08:15:00.000Z', lastUsedIp: '198.51.100.7' }],
  ),
  portalUser(
    7,
    'po_lakeshore01',
    'Marco',
    'Rossi',
    'marco.rossi@credit-valley-health.example.com',
    { type: 'selected-jobs', jobIds: ['jb_cvh001', 'jb_cvh003'] },
    '2026-08-03T13:00:00.000Z',
    [{ sentAt: '2026-08-03T13:00:00.000Z', expiredAt: '2026-10-01T09:00:00.000Z' }],
    '2026-10-01T09:00:00.000Z',
  ),
  portalUser(
    8,
    'po_northstar01',
    'Nadia',
    'Haddad',
    'nadia.haddad@maple-logistics.example.com',
    { type: 'all-jobs' },
    '2026-09-14T13:00:00.000Z',
    [
      { sentAt: '2026-09-14T13:00:00.000Z', lastUsedAt: '2026-09-20T19:02:00.000Z', lastUsedIp: '203.0.113.90' },
      { sentAt: '2026-10-05T13:00:00.000Z' },
    ],
  ),
];

// CaMS Employment Action Plans, one per CaMS client but a few not yet linked (k % 5 === 0 below).
// A generator of their own, so the data above stays as it was.
let eapState = 20261203;
function eapRandom() {
  eapState = (eapState + 0x6d2b79f5) | 0;
  let t = Math.imul(eapState ^ (eapState >>> 15), 1 | eapState);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const eapPick = (list) => list[Math.floor(eapRandom() * list.length)];
const day = (iso, days) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const OFFICES = ['Toronto Central', 'North York', 'Scarborough', 'Mississauga', 'Ottawa East'];
const CAMS_CASEWORKERS = ['R. Singh', 'M. Tremblay', 'A. Osei', 'J. Nguyen', 'L. Moreau', 'D. Campbell'];
const SUB_GOALS = [
  'Update the resume for the target occupation',
  'Practise interviews with a job coach',
  'Complete a workplace safety certificate',
  'Apply to five postings a week',
  'Improve English for the workplace',
  'Get a reference from a volunteer placement',
];
const PLAN_ITEMS = [
  ['Job search workshop', 'Employment Services'],
  ['Resume and cover letter clinic', 'Employment Services'],
  ['WHMIS training', 'Training provider'],
  ['Language assessment', 'Language services'],
  ['Job matching and placement', 'Employment Services'],
  ['Transportation support', 'Financial supports'],
  ['Work clothing and equipment', 'Financial supports'],
];
const ITEM_STATUSES = ['planned', 'in-progress', 'completed', 'completed', 'cancelled'];
const camsEaps = [];
for (const [index, cams] of camsClients.entries()) {
  const unlinked = cams.clientReferenceNumber.startsWith('2');
  if (unlinked && (index + 1) % 5 === 0) continue;
  const caseRef = camsCases.find((c) => c.clientReferenceNumber === cams.clientReferenceNumber).caseReferenceNumber;
  const opened = day('2025-09-01', Math.floor(eapRandom() * 300));
  const closed = eapRandom() < 0.2;
  const goals = [];
  const subGoals = [];
  const planItems = [];
  const goalCount = 1 + Math.floor(eapRandom() * 2);
  for (let g = 1; g <= goalCount; g++) {
    const occupation = eapPick(OCCUPATIONS);
    const goalId = `EG-${g}`;
    goals.push({
      id: goalId,
      description: `${g === 1 ? 'Full-time' : 'Part-time'} work as ${occupation.toLowerCase()}`,
      occupation,
      targetDate: day(opened, 180 + g * 30),
      status: closed ? eapPick(['achieved', 'not-achieved']) : 'active',
    });
    const subCount = 1 + Math.floor(eapRandom() * 3);
    for (let k = 1; k <= subCount; k++) {
      const subGoalId = `SG-${g}.${k}`;
      subGoals.push({
        id: subGoalId,
        goalId,
        description: eapPick(SUB_GOALS),
        targetDate: day(opened, 30 * k + 20 * g),
        status: closed ? 'completed' : eapPick(['not-started', 'in-progress', 'completed']),
      });
      const [type, provider] = eapPick(PLAN_ITEMS);
      const start = day(opened, 14 * k + 7 * g);
      planItems.push({
        id: `PI-${g}.${k}`,
        subGoalId,
        type,
        provider,
        startDate: start,
        endDate: day(start, 21 + Math.floor(eapRandom() * 40)),
        status: closed ? 'completed' : eapPick(ITEM_STATUSES),
      });
    }
  }
  const outcomes = closed
    ? [
        {
          type: eapPick(['employed-full-time', 'employed-part-time', 'in-training']),
          date: day(opened, 200),
          occupation: goals[0].occupation,
          employer: eapPick(['Lakeview Foods', 'Northern Logistics', 'City of Toronto', 'Maple Care Homes', null]),
        },
      ]
    : [];
  camsEaps.push({
    clientReferenceNumber: cams.clientReferenceNumber,
    case: {
      caseReferenceNumber: caseRef,
      status: closed ? 'closed' : 'open',
      program: 'Employment Services',
      office: eapPick(OFFICES),
      caseworker: eapPick(CAMS_CASEWORKERS),
      openedOn: opened,
      closedOn: closed ? day(opened, 240) : null,
    },
    employmentGoals: goals,
    outcomes,
    subGoals,
    planItems,
    updatedAt: `${day(opened, 20)}T14:00:00.000Z`,
  });
}

// Candidates on client portals (clients who consented) and the feedback external users left on them.
const candidates = [
  {
    id: 'cd_000001',
    portalId: 'po_northstar01',
    jobId: 'jb_maple002',
    clientId: 'cl_000006',
    summary:
      'Forklift certified (counterbalance and reach truck, 2025). Two years of warehouse work in a distribution centre; available for day and evening shifts.',
    addedAt: '2026-10-20T14:00:00.000Z',
    addedBy: 'st_allperm01',
  },
  {
    id: 'cd_000002',
    portalId: 'po_northstar01',
    jobId: 'jb_maple001',
    clientId: 'cl_000008',
    summary:
      'Reliable and punctual; finished a warehouse safety course in September. Looking for full-time day work close to transit.',
    addedAt: '2026-10-21T15:30:00.000Z',
    addedBy: 'st_allperm01',
  },
  {
    id: 'cd_000003',
    portalId: 'po_northstar02',
    jobId: 'jb_harbour002',
    clientId: 'cl_000012',
    summary: null,
    addedAt: '2026-10-23T13:00:00.000Z',
    addedBy: 'st_allperm01',
  },
];
const feedback = [
  {
    id: 'fb_000001',
    portalUserId: 'pu_000001',
    candidateId: 'cd_000001',
    text: 'Strong fit for the forklift role. We would like to interview her next week.',
    at: '2026-10-28T16:50:00.000Z',
  },
  {
    id: 'fb_000002',
    portalUserId: 'pu_000001',
    candidateId: 'cd_000002',
    text: 'Good background; is he able to start before the holidays?',
    at: '2026-10-29T09:15:00.000Z',
  },
  {
    id: 'fb_000003',
    portalUserId: 'pu_000002',
    candidateId: 'cd_000002',
    text: 'Met him at the open house. Moving him to the second interview.',
    at: '2026-11-02T11:00:00.000Z',
  },
];

const seed = {
  description: [
    'Demo data of the local Jobs Portal (portalctl server). Generated by scripts/make-seed.mjs; loaded into an empty database, idempotently (fixed ids).',
    'Staff tokens are demo values, hashed on load (see each staff description).',
    'CaMS identifiers: a Client Reference Number is 9 digits (e.g. 140007919, linked to cl_000001; 210104729, not linked yet); a Case Reference Number is "C-" and 8 digits (e.g. C-24100037, a case of 140007919). Looking up a Case Reference Number is refused with a hint to use the Client Reference Number.',
    'Common Assessment numbers are "CA-" and 7 digits: CA-3005001..CA-3005012 are submitted and not imported yet; CA-3009013..CA-3009020 are in progress (not importable).',
    'Clients cl_000001..cl_000140: 1-100 Northstar, 101-130 Lakeshore, 131-140 Rideau Valley. Invite state by id mod 5 (0 none, 1 and 4 pending, 2 accepted = logged in, 3 declined); even ids have caseworkers (status client), odd ids are referrals; id mod 7 = 3 are archived; id mod 3 = 1 are CaMS-linked, id mod 6 = 2 are Common Assessment imports.',
  ].join(' '),
  groups,
  providers,
  staff,
  cams: { clients: camsClients, cases: camsCases, eaps: camsEaps },
  assessments,
  clients,
  portals,
  portalUsers,
  candidates,
  feedback,
};

writeFileSync(new URL('../fixtures/seed.json', import.meta.url), `${JSON.stringify(seed, null, 2)}\n`);

const count = (f) => clients.filter(f).length;
process.stderr.write(
  `seed: ${clients.length} clients (referral ${count((c) => c.caseworkerIds.length === 0)}, client ${count((c) => c.caseworkerIds.length > 0)}, ` +
    `pending ${count((c) => c.invite.status === 'pending')}, accepted ${count((c) => c.invite.status === 'accepted')}, ` +
    `declined ${count((c) => c.invite.status === 'declined')}, none ${count((c) => c.invite.status === 'none')}, archived ${count((c) => c.archived)}, ` +
    `cams ${count((c) => c.link.type === 'cams')}, ca ${count((c) => c.link.type === 'ca')}), ` +
    `${camsClients.length} CaMS clients, ${camsCases.length} cases, ${camsEaps.length} EAPs, ${assessments.length} assessments, ${portalUsers.length} portal users\n`,
);
