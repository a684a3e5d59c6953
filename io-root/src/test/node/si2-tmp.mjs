import { openFile } from 'jsroot';
const f = await openFile(process.argv[2]);
for (const si of f.fStreamerInfos.arr) {
  console.log(JSON.stringify({name: si.fName, title: si.fTitle, version: si.fClassVersion, checksum: si.fCheckSum, type: si._typename,
    elements: si.fElements ? si.fElements.arr.map(e => ({cls: e._typename, name: e.fName, title: e.fTitle, type: e.fType, size: e.fSize, alen: e.fArrayLength, adim: e.fArrayDim, maxi: Array.from(e.fMaxIndex||[]), tname: e.fTypeName, basever: e.fBaseVersion, cver: e.fCountVersion, cname: e.fCountName, cclass: e.fCountClass, stltype: e.fSTLtype, ctype: e.fCtype})) : null}));
}
