// How a CaMS Employment Action Plan shows (cams eap): one view per part of the plan.
import type { CamsEap } from '../../contract/schemas.js';
import { defineView } from '../view.js';

type Goal = CamsEap['employmentGoals'][number];
type SubGoal = CamsEap['subGoals'][number];
type PlanItem = CamsEap['planItems'][number];
type Outcome = CamsEap['outcomes'][number];

export const goalView = defineView<Goal>({
  name: 'employment goal',
  id: (g) => g.id,
  columns: [
    { key: 'id', header: 'GOAL', value: (g) => g.id },
    { key: 'description', header: 'DESCRIPTION', value: (g) => g.description, wrap: true },
    { key: 'occupation', header: 'OCCUPATION', value: (g) => g.occupation, wrap: true },
    { key: 'targetDate', header: 'TARGET', value: (g) => g.targetDate },
    { key: 'status', header: 'STATUS', value: (g) => g.status },
  ],
  defaults: ['id', 'description', 'targetDate', 'status'],
});

export const subGoalView = defineView<SubGoal>({
  name: 'sub-goal',
  id: (s) => s.id,
  columns: [
    { key: 'id', header: 'SUB-GOAL', value: (s) => s.id },
    { key: 'goalId', header: 'GOAL', value: (s) => s.goalId },
    { key: 'description', header: 'DESCRIPTION', value: (s) => s.description, wrap: true },
    { key: 'targetDate', header: 'TARGET', value: (s) => s.targetDate },
    { key: 'status', header: 'STATUS', value: (s) => s.status },
  ],
  defaults: ['id', 'goalId', 'description', 'targetDate', 'status'],
});

export const planItemView = defineView<PlanItem>({
  name: 'plan item',
  id: (p) => p.id,
  columns: [
    { key: 'id', header: 'ITEM', value: (p) => p.id },
    { key: 'subGoalId', header: 'SUB-GOAL', value: (p) => p.subGoalId },
    { key: 'type', header: 'TYPE', value: (p) => p.type },
    { key: 'provider', header: 'PROVIDED BY', value: (p) => p.provider, wrap: true },
    { key: 'startDate', header: 'START', value: (p) => p.startDate },
    { key: 'endDate', header: 'END', value: (p) => p.endDate },
    { key: 'status', header: 'STATUS', value: (p) => p.status },
  ],
  defaults: ['id', 'subGoalId', 'type', 'provider', 'startDate', 'endDate', 'status'],
});

export const outcomeView = defineView<Outcome>({
  name: 'outcome',
  id: (o) => `${o.type}-${o.date}`,
  columns: [
    { key: 'type', header: 'OUTCOME', value: (o) => o.type },
    { key: 'date', header: 'DATE', value: (o) => o.date },
    { key: 'occupation', header: 'OCCUPATION', value: (o) => o.occupation, wrap: true },
    { key: 'employer', header: 'EMPLOYER', value: (o) => o.employer, wrap: true },
  ],
  defaults: ['type', 'date', 'occupation', 'employer'],
});
