/**
 * The financial checkup spreadsheet the batch benches send (bench:batch, bench:scale): the
 * headings and a realistic row — names, addresses and notes vary, as in a real quarter's run.
 */
export const HEADINGS = [
  'reference', 'letter date', 'recipient.name', 'recipient.address.1', 'recipient.address.2', 'recipient.address.3', 'recipient.address.postcode',
  'period start', 'period end', 'reply by', 'prepaid card', 'documents.1', 'documents.2', 'documents.3', 'note',
];
const STREETS = ['Larch Close', 'High Street', 'Station Road', 'Church Lane', 'Mill Road', 'Park Avenue'];
const TOWNS = [['Alderley Park', 'Stockport', 'SK4 3QT'], ['Heaton Moor', 'Stockport', 'SK4 4HY'], ['Marple', 'Stockport', 'SK6 6BQ'], ['Bramhall', 'Stockport', 'SK7 1AA']];
const NAMES = ['Mrs Amina Patel', 'Mr John Smith', 'Ms Zoë Brontë', 'Mr Kwame Mensah', 'Mrs Siân Williams', 'Mx Alex Taylor'];

/** Row `i` of the spreadsheet, in HEADINGS' order. */
export function row(i: number): string[] {
  const town = TOWNS[i % TOWNS.length];
  return [
    `DP-${String(i).padStart(6, '0')}`, '31/01/2021', NAMES[i % NAMES.length], `${(i % 200) + 1} ${STREETS[i % STREETS.length]}`, ...town,
    '01/10/2020', '31/12/2020', '28/02/2021', i % 4 === 0 ? 'yes' : 'no',
    'Bank statements for your direct payment account', 'Payslips or timesheets for your personal assistant', i % 3 === 0 ? 'Bills or receipts for anything over £100' : '',
    i % 5 === 0 ? `Thank you for sending your last statements so quickly. I can pick them up when I visit on ${(i % 27) + 1} February.` : '',
  ];
}
