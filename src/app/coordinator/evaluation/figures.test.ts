import { describe, expect, it } from 'vitest';
import type { Evaluation } from '../api';
import { figuresOf, inclusionFigure, isoWeek } from './figures';

const keyLabel = (figureId: string, key: string) => `${figureId}:${key}`;

function evaluation(overrides: Partial<Evaluation> = {}): Evaluation {
  return {
    purposes: [{ id: 'profiling', label: 'Kompetenzprofil erstellen' }],
    minCell: 5,
    filters: {},
    inclusion: { id: 'inclusion', kind: 'partition', total: { count: 120 }, cells: [{ key: 'counted', count: 100 }, { key: 'refused', count: 20 }] },
    tables: [
      {
        id: 'nationality',
        kind: 'partition',
        total: { count: 100 },
        cells: [
          { key: 'AF', label: 'Afghanistan', count: 30 },
          { key: 'ER', label: 'Eritrea', hidden: 'small' },
          { key: 'IQ', label: 'Irak', hidden: 'secondary' },
          { key: 'SY', label: 'Syrien', count: 50 },
          { key: 'notStated', count: 0 },
        ],
      },
      {
        id: 'ageBand',
        kind: 'partition',
        total: { count: 100 },
        cells: [
          { key: '18-24', count: 40 },
          { key: '65plus', hidden: 'small' },
          { key: 'under18', hidden: 'secondary' },
          { key: '25-34', count: 45 },
        ],
      },
      { id: 'goal', kind: 'multi', total: { count: 100 }, cells: [{ key: 'job', label: 'Arbeit', count: 70 }, { key: 'study', label: 'Studium', hidden: 'small' }] },
      { id: 'sex', kind: 'partition', total: { hidden: 'small' }, cells: null },
    ],
    occupation: {
      areas: { id: 'occupationArea', kind: 'partition', total: { count: 100 }, cells: [{ key: '2', label: 'Produktion', count: 60 }, { key: '5', label: 'Verkehr', hidden: 'small' }, { key: 'none', count: 36 }] },
      groups: { '2': [{ key: '25', label: 'Maschinenbau', count: 40 }, { key: '24', label: 'Metall', count: 20 }], '5': null },
    },
    recipients: [{ id: 'jobcenter', label: 'Jobcenter', table: { id: 'inclusion', kind: 'partition', total: { count: 120 }, cells: [{ key: 'withdrawn', count: 10 }, { key: 'given', count: 110 }, { key: 'refused', count: 0 }] } }],
    options: { municipalities: [], devices: [], forms: [] },
    ...overrides,
  };
}

describe('the evaluation page’s figures', () => {
  it('shows a hidden cell as hidden only: no count, no share, and shares only of counts the server showed', () => {
    const nationality = figuresOf(evaluation(), keyLabel).find((figure) => figure.id === 'nationality')!;
    expect(nationality.rows).toEqual([
      { key: 'SY', label: 'Syrien', value: { count: 50, share: 0.5 } },
      { key: 'AF', label: 'Afghanistan', value: { count: 30, share: 0.3 } },
      { key: 'ER', label: 'Eritrea', value: { hidden: 'small' } },
      { key: 'IQ', label: 'Irak', value: { hidden: 'secondary' } },
      { key: 'notStated', label: 'nationality:notStated', value: { count: 0, share: 0 } },
    ]);
    // The total is the server's, never a sum of the shown cells (which would give the hidden ones back).
    expect(nationality.total).toEqual({ count: 100 });
  });

  it('keeps a scale in its order (age bands, consent states) and hides a breakdown the server could not protect', () => {
    const figures = figuresOf(evaluation(), keyLabel);
    expect(figures.find((figure) => figure.id === 'ageBand')!.rows!.map((row) => row.key)).toEqual(['under18', '18-24', '25-34', '65plus']);
    expect(figures.find((figure) => figure.id === 'consent:jobcenter')!.rows!.map((row) => row.key)).toEqual(['given', 'refused', 'withdrawn']);
    expect(figures.find((figure) => figure.id === 'consent:jobcenter')!.titleValues).toEqual({ recipient: 'Jobcenter' });
    expect(figures.find((figure) => figure.id === 'sex')!.rows).toBeNull();
  });

  it('breaks occupations down into main groups only under areas whose count is shown', () => {
    const groups = figuresOf(evaluation(), keyLabel).find((figure) => figure.id === 'occupationGroup')!;
    expect(groups.rows!.map((row) => row.key)).toEqual(['25', '24']);
    expect(groups.groupOf).toEqual({ '25': 'Produktion', '24': 'Produktion' });
  });

  it('puts the figures in the report’s order, the inclusion table before them', () => {
    expect(inclusionFigure(evaluation(), keyLabel).rows!.map((row) => row.label)).toEqual(['inclusion:counted', 'inclusion:refused']);
    expect(figuresOf(evaluation(), keyLabel).map((figure) => figure.id)).toEqual(['nationality', 'ageBand', 'sex', 'occupationArea', 'occupationGroup', 'goal', 'consent:jobcenter']);
  });

  it('numbers weeks as ISO weeks, across a year’s end', () => {
    expect(isoWeek('2016-11-07')).toEqual({ week: 45, year: 2016 });
    expect(isoWeek('2017-01-02')).toEqual({ week: 1, year: 2017 });
    expect(isoWeek('2020-12-28')).toEqual({ week: 53, year: 2020 });
    expect(isoWeek('2018-12-31')).toEqual({ week: 1, year: 2019 });
  });
});
