/**
 * Builds XLSX "bombs" for the tests: a real workbook (written by exceljs) whose shared strings
 * part is replaced by one that inflates to `inflatedMb` MB from a few MB. Made in milliseconds:
 * one megabyte of XML is deflated once, ending in a full flush (which resets the compressor),
 * so the same compressed bytes can be repeated to make a valid deflate stream of any length.
 */
import ExcelJS from 'exceljs';
import { constants, crc32, deflateRawSync } from 'node:zlib';
import { readZip } from './zip.js';

const SST_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';
const SST_TAIL = '</sst>';

/** A small, valid workbook: headings and `rows` letters. */
export async function smallWorkbook(rows = 2, build?: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Letters');
  if (build) build(sheet);
  else {
    sheet.addRow(['reference', 'name']);
    for (let i = 1; i <= rows; i++) sheet.addRow([`DP-${i}`, `Person ${i}`]);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

interface Entry {
  name: string;
  method: 0 | 8;
  data: Buffer; // as stored in the ZIP
  crc: number;
  inflated: number;
}

function deflated(name: string, bytes: Buffer): Entry {
  return { name, method: 8, data: deflateRawSync(bytes), crc: crc32(bytes), inflated: bytes.length };
}

/** A shared strings part that inflates to about `inflatedMb` MB (many copies of one short text). */
function sharedStringsBomb(inflatedMb: number, textLength: number): Entry {
  const si = `<si><t>${'x'.repeat(textLength)}</t></si>`;
  const unit = Buffer.from(si.repeat(Math.floor((1024 * 1024) / si.length)));
  const head = Buffer.from(SST_HEAD);
  const tail = Buffer.from(SST_TAIL);
  const flush = { finishFlush: constants.Z_FULL_FLUSH, level: 9 };
  const pieces = [deflateRawSync(head, flush)];
  const packedUnit = deflateRawSync(unit, flush);
  let crc = crc32(head);
  for (let i = 0; i < inflatedMb; i++) {
    pieces.push(packedUnit);
    crc = crc32(unit, crc);
  }
  pieces.push(deflateRawSync(tail));
  crc = crc32(tail, crc);
  return { name: 'xl/sharedStrings.xml', method: 8, data: Buffer.concat(pieces), crc, inflated: head.length + unit.length * inflatedMb + tail.length };
}

/** Writes entries as a ZIP; `declare` can make the table of contents lie about a part's inflated size. */
function writeZip(entries: Entry[], declare: (entry: Entry) => number = (entry) => entry.inflated): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(entry.method, 8);
    local.writeUInt32LE(entry.crc >>> 0, 14);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(declare(entry), 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, entry.data);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(entry.method, 10);
    dir.writeUInt32LE(entry.crc >>> 0, 16);
    dir.writeUInt32LE(entry.data.length, 20);
    dir.writeUInt32LE(declare(entry), 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    central.push(dir, name);
    offset += 30 + name.length + entry.data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/**
 * A workbook whose shared strings inflate to `inflatedMb` MB (`textLength`: the length of each
 * of the many copies of one text). With `lie`, its table of contents
 * says the part inflates to only 40 KB (so only inflating it shows the truth).
 */
export async function sharedStringsBombXlsx(inflatedMb: number, options: { lie?: boolean; textLength?: number } = {}): Promise<Buffer> {
  const parts = readZip(await smallWorkbook());
  const entries: Entry[] = [];
  const bomb = sharedStringsBomb(inflatedMb, options.textLength ?? 1);
  // Shared strings before the worksheets, as Excel writes them (exceljs then reads them first).
  for (const [name, bytes] of parts) {
    if (name === 'xl/sharedStrings.xml') continue;
    if (name.startsWith('xl/worksheets/') && !entries.includes(bomb)) entries.push(bomb);
    entries.push(deflated(name, bytes));
  }
  if (!entries.includes(bomb)) entries.push(bomb);
  return writeZip(entries, (entry) => (options.lie && entry === bomb ? 40 * 1024 : entry.inflated));
}

/** A workbook with a part hidden between two parts the table of contents lists. */
export async function hiddenPartXlsx(): Promise<Buffer> {
  const parts = readZip(await smallWorkbook());
  const entries = [...parts].map(([name, bytes]) => deflated(name, bytes));
  // A ZIP with an extra part after the first one, then the extra part left out of the table of contents.
  const junk = deflated('xl/hidden.xml', Buffer.alloc(100_000, 0x41));
  const withJunk = writeZip([entries[0], junk, ...entries.slice(1)]);
  // Drop the junk entry from the table of contents (it stays in the file).
  const eocd = withJunk.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const dirOffset = withJunk.readUInt32LE(eocd + 16);
  const directory = withJunk.subarray(dirOffset, eocd);
  const kept: Buffer[] = [];
  let at = 0;
  while (at < directory.length) {
    const length = 46 + directory.readUInt16LE(at + 28) + directory.readUInt16LE(at + 30) + directory.readUInt16LE(at + 32);
    const entry = directory.subarray(at, at + length);
    if (!entry.subarray(46, 46 + directory.readUInt16LE(at + 28)).toString().includes('hidden')) kept.push(entry);
    at += length;
  }
  const newDirectory = Buffer.concat(kept);
  const end = Buffer.from(withJunk.subarray(eocd));
  end.writeUInt16LE(kept.length, 8);
  end.writeUInt16LE(kept.length, 10);
  end.writeUInt32LE(newDirectory.length, 12);
  return Buffer.concat([withJunk.subarray(0, dirOffset), newDirectory, end]);
}
