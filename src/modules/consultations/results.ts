// The result methods of a Consulta Popular (docs/consulta-popular.md, "Results"): pure
// functions over one unit's anonymous ballots, so anyone recomputes them from the published
// open data. Both take ties the same, stated way: lower cost first, then the earlier proposal.

export interface ResultProject {
  id: string;
  /** Order of proposal: lower is earlier (the tie-break after cost). */
  seq: number;
  costMinor: number;
}

export interface UnitResult {
  /** Funded proposals in the order the method chose them. */
  funded: string[];
  /** Approvals per proposal (every project given, 0 when nobody approved it). */
  votes: Map<string, number>;
  /** Budget left unspent. */
  leftMinor: number;
}

export type ResultMethod = 'greedy' | 'mes';

/** A ballot, or identical ballots counted together (`weight` of them; 1 when absent). */
export type BallotInput = readonly string[] | { readonly choices: readonly string[]; readonly weight: number };

const choicesOf = (b: BallotInput) => ('weight' in b ? b.choices : (b as readonly string[]));
const weightOf = (b: BallotInput) => ('weight' in b ? b.weight : 1);

/** Approvals per project. */
export function countApprovals(projects: readonly ResultProject[], ballots: Iterable<BallotInput>): Map<string, number> {
  const votes = new Map(projects.map((p) => [p.id, 0]));
  for (const ballot of ballots) {
    const weight = weightOf(ballot);
    for (const choice of new Set(choicesOf(ballot))) {
      const before = votes.get(choice);
      if (before !== undefined) votes.set(choice, before + weight);
    }
  }
  return votes;
}

/** Most approvals first; ties: lower cost, then the earlier proposal. */
function byVotes(votes: Map<string, number>) {
  return (a: ResultProject, b: ResultProject) => (votes.get(b.id) ?? 0) - (votes.get(a.id) ?? 0) || a.costMinor - b.costMinor || a.seq - b.seq;
}

/**
 * Greedy approval within the budget (Pabulib's `greedy`): projects in order of approvals,
 * each funded when it still fits (a project that does not fit is passed over and the next
 * considered). Projects nobody approved are never funded.
 */
export function greedyApproval(projects: readonly ResultProject[], ballots: Iterable<BallotInput>, budgetMinor: number): UnitResult {
  const votes = countApprovals(projects, ballots);
  return greedyFill([...projects], votes, budgetMinor, []);
}

function greedyFill(projects: ResultProject[], votes: Map<string, number>, budgetMinor: number, already: string[]): UnitResult {
  const funded = [...already];
  const chosen = new Set(already);
  let left = budgetMinor - projects.filter((p) => chosen.has(p.id)).reduce((sum, p) => sum + p.costMinor, 0);
  for (const project of projects.sort(byVotes(votes))) {
    if (chosen.has(project.id) || (votes.get(project.id) ?? 0) === 0 || project.costMinor > left) continue;
    funded.push(project.id);
    chosen.add(project.id);
    left -= project.costMinor;
  }
  return { funded, votes, leftMinor: left };
}

const EPSILON = 1e-9;

/**
 * The method of equal shares (Peters and Skowron's Rule X; Peters, Pierczyński and Skowron,
 * NeurIPS 2021) for approval ballots with approval utilities: the budget is split equally
 * among the voters; in each round, of the projects its supporters can still pay for, the one
 * that asks the least of each supporter (ρ, each paying min(their money left, ρ)) is funded
 * and paid; ties: lower cost, then the earlier proposal. It stops when no project is
 * affordable. Completion rule: the budget left is filled greedily (most approvals first, the
 * same tie-break) with the projects that still fit.
 *
 * Voters with the same ballot hold and spend money alike, so they are kept as one group with
 * a weight: the work grows with the distinct ballots, not with the voters.
 */
export function equalShares(projects: readonly ResultProject[], ballots: Iterable<BallotInput>, budgetMinor: number): UnitResult {
  const known = new Set(projects.map((p) => p.id));
  const groups = new Map<string, { weight: number; choices: string[] }>();
  let voters = 0;
  for (const ballot of ballots) {
    const weight = weightOf(ballot);
    voters += weight;
    const choices = [...new Set(choicesOf(ballot).filter((c) => known.has(c)))].sort();
    const key = choices.join(',');
    const group = groups.get(key);
    if (group) group.weight += weight;
    else groups.set(key, { weight, choices });
  }
  const votes = countApprovals(projects, []);
  for (const g of groups.values()) for (const c of g.choices) votes.set(c, votes.get(c)! + g.weight);
  if (voters === 0) return { funded: [], votes, leftMinor: budgetMinor };
  const list = [...groups.values()].map((g) => ({ ...g, money: budgetMinor / voters }));
  const supporters = new Map(projects.map((p) => [p.id, list.filter((g) => g.choices.includes(p.id))]));
  const funded: string[] = [];
  const remaining = new Set(projects.map((p) => p.id));
  const ordered = [...projects].sort((a, b) => a.costMinor - b.costMinor || a.seq - b.seq);
  for (;;) {
    let best: { project: ResultProject; rho: number } | undefined;
    for (const project of ordered) {
      if (!remaining.has(project.id)) continue;
      const rho = paymentPerVoter(supporters.get(project.id)!, project.costMinor);
      if (rho === undefined) continue;
      // `ordered` is by cost then seq: a strictly lower ρ wins, an equal one keeps the earlier.
      if (!best || rho < best.rho - EPSILON) best = { project, rho };
    }
    if (!best) break;
    for (const g of supporters.get(best.project.id)!) g.money -= Math.min(g.money, best.rho);
    remaining.delete(best.project.id);
    funded.push(best.project.id);
  }
  return greedyFill([...projects], votes, budgetMinor, funded);
}

/** The least ρ such that the supporters, each paying min(money, ρ), cover the cost; undefined when they cannot. */
function paymentPerVoter(groups: ReadonlyArray<{ weight: number; money: number }>, cost: number): number | undefined {
  const sorted = [...groups].sort((a, b) => a.money - b.money);
  let total = 0;
  for (const g of sorted) total += g.money * g.weight;
  if (total < cost - EPSILON) return undefined;
  let paid = 0;
  let count = sorted.reduce((sum, g) => sum + g.weight, 0);
  for (const g of sorted) {
    if (g.money * count + paid >= cost - EPSILON) return (cost - paid) / count;
    paid += g.money * g.weight;
    count -= g.weight;
  }
  return undefined;
}

export function computeUnitResult(method: ResultMethod, projects: readonly ResultProject[], ballots: Iterable<BallotInput>, budgetMinor: number): UnitResult {
  return method === 'mes' ? equalShares(projects, ballots, budgetMinor) : greedyApproval(projects, ballots, budgetMinor);
}

export interface PabulibInstance {
  description: string;
  country: string;
  unit: string;
  instance: string;
  currency: string;
  budgetMinor: number;
  rule: ResultMethod;
  voteType: 'approval';
  minLength?: number;
  maxLength?: number;
  /** Projects with a public number (1, 2, …), name and cost, and their approvals. */
  projects: ReadonlyArray<{ number: number; id: string; name: string; costMinor: number; votes: number; selected: boolean }>;
  ballots: ReadonlyArray<readonly string[]>;
}

const field = (value: string) => value.replace(/\s*[;\r\n]+\s*/g, ' ').trim();

/**
 * A unit's instance in the Pabulib `.pb` format (pabulib.org/format): META, PROJECTS and VOTES
 * sections of semicolon-separated lines, the vote a comma-separated list of project numbers.
 * Costs are in minor units (centavos), as the consultation counts them.
 */
export function toPabulib(p: PabulibInstance): string {
  const numberOf = new Map(p.projects.map((x) => [x.id, x.number]));
  const meta: Array<[string, string | number]> = [
    ['description', field(p.description)],
    ['country', p.country],
    ['unit', field(p.unit)],
    ['instance', field(p.instance)],
    ['num_projects', p.projects.length],
    ['num_votes', p.ballots.length],
    ['budget', p.budgetMinor],
    ['vote_type', p.voteType],
    ['rule', p.rule === 'mes' ? 'equalshares' : 'greedy'],
    ['currency', p.currency],
    ['cost_unit', 'minor'],
  ];
  if (p.minLength !== undefined) meta.push(['min_length', p.minLength]);
  if (p.maxLength !== undefined) meta.push(['max_length', p.maxLength]);
  const lines = ['META', 'key;value', ...meta.map(([k, v]) => `${k};${v}`), 'PROJECTS', 'project_id;cost;votes;name;selected'];
  for (const x of p.projects) lines.push(`${x.number};${x.costMinor};${x.votes};${field(x.name)};${x.selected ? 1 : 0}`);
  lines.push('VOTES', 'voter_id;vote');
  p.ballots.forEach((ballot, index) => {
    const numbers = ballot.map((c) => numberOf.get(c)).filter((n): n is number => n !== undefined);
    lines.push(`${index + 1};${numbers.sort((a, b) => a - b).join(',')}`);
  });
  return `${lines.join('\n')}\n`;
}
