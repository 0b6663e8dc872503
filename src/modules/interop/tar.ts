// A minimal POSIX ustar writer (regular files only), for the evidence package: any `tar xf`
// unpacks it. Names up to 100 ASCII characters.

function header(name: string, size: number, mtime: Date): Buffer {
  const h = Buffer.alloc(512, 0);
  const put = (value: string, offset: number, length: number) => h.write(value, offset, length, 'ascii');
  const octal = (n: number, length: number) => n.toString(8).padStart(length - 1, '0');
  put(name, 0, 100);
  put(octal(0o644, 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(size, 12), 124, 12);
  put(octal(Math.floor(mtime.getTime() / 1000), 12), 136, 12);
  put('        ', 148, 8); // checksum placeholder: eight spaces while summing
  put('0', 156, 1);
  put('ustar\u000000', 257, 8);
  put('tambo', 265, 32);
  put('tambo', 297, 32);
  let sum = 0;
  for (const byte of h) sum += byte;
  put(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 8);
  return h;
}

/** A tar archive of these files, in this order. */
export function tarOf(files: Array<{ name: string; content: Buffer | string }>, mtime = new Date()): Buffer {
  const parts: Buffer[] = [];
  for (const file of files) {
    if (!/^[\w.-]{1,100}$/.test(file.name)) throw new Error(`tar: unsupported name ${file.name}`);
    const content = typeof file.content === 'string' ? Buffer.from(file.content, 'utf8') : file.content;
    parts.push(header(file.name, content.length, mtime), content, Buffer.alloc((512 - (content.length % 512)) % 512, 0));
  }
  parts.push(Buffer.alloc(1024, 0));
  return Buffer.concat(parts);
}
