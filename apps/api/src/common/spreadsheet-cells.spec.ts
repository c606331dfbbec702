import { describe, expect, it } from 'vitest';
import { neutraliseFormula, neutraliseFormulaSql } from './spreadsheet-cells';

describe(neutraliseFormula.name, () => {
  it.each([
    ['=HYPERLINK("http://evil","x")', `'=HYPERLINK("http://evil","x")`],
    ["+cmd|' /C calc'!A0", `'+cmd|' /C calc'!A0`],
    ['-2+3+cmd|x', `'-2+3+cmd|x`],
    ['@SUM(1+1)*cmd|x', `'@SUM(1+1)*cmd|x`],
    ['\t=1+1', `'\t=1+1`],
    ['\r=1+1', `'\r=1+1`],
  ])('puts an apostrophe before %j', (text, expected) => {
    expect(neutraliseFormula(text)).toBe(expected);
  });

  it('neutralises a text that reads as a number: in a text column it is text', () => {
    expect(neutraliseFormula('-5')).toBe("'-5");
    expect(neutraliseFormula('+33 6 12 34 56 78')).toBe("'+33 6 12 34 56 78");
  });

  it.each(['', 'CRS 8', 'Récit, avec « guillemets » et = au milieu', ' =1+1', '\n=1+1', "'=already escaped"])(
    'leaves %j as it is',
    (text) => {
      expect(neutraliseFormula(text)).toBe(text);
    },
  );
});

describe(neutraliseFormulaSql.name, () => {
  it('wraps the expression once, keeping its value for a null', () => {
    const sql = neutraliseFormulaSql('o.description');
    expect(sql.match(/o\.description/g)).toHaveLength(1);
    expect(sql).toMatch(/^regexp_replace\(o\.description, /);
  });
});
