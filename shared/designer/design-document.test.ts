import { describe, expect, it } from 'vitest';
import { DESIGN_SCHEMA_VERSION, emptyDesign, parseDesign } from './design-document';

describe('saved designs', () => {
  it('round-trips an empty design', () => {
    const d = emptyDesign('kws');
    expect(parseDesign(JSON.stringify(d))).toEqual(d);
  });

  it('a design from a newer TinyML Studio says so and what to do', () => {
    const text = JSON.stringify({ ...emptyDesign('kws'), schemaVersion: DESIGN_SCHEMA_VERSION + 1 });
    expect(() => parseDesign(text)).toThrow(`saved by a newer TinyML Studio (design schema ${DESIGN_SCHEMA_VERSION + 1}; this version reads up to ${DESIGN_SCHEMA_VERSION}); update TinyML Studio`);
  });

  it('an unknown version, broken JSON and a malformed layer are each named', () => {
    expect(() => parseDesign(JSON.stringify({ ...emptyDesign('x'), schemaVersion: 'two' }))).toThrow('unknown schema version ("two"');
    expect(() => parseDesign('{"schemaVersion": 1, "name": ')).toThrow('not valid JSON');
    expect(() => parseDesign(JSON.stringify({ ...emptyDesign('x'), layers: [{ id: 3 }] }))).toThrow(/malformed at layers\.0/);
  });
});
