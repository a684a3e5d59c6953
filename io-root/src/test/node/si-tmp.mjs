import { openFile } from 'jsroot';
const f = await openFile(process.argv[2]);
const want = process.argv.slice(3);
for (const si of f.fStreamerInfos.arr) {
  if (want.length && !want.includes(si.fName)) continue;
  console.log(si.fName, 'v' + si.fClassVersion, si.fElements.arr.map(e => `${e.fName}:${e.fTypeName}:${e.fType}${e.fArrayLength ? '[' + e.fArrayLength + ']' : ''}${e.fCountName ? '[' + e.fCountName + ']' : ''}`).join(' '));
}
