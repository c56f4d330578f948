// Small files of the media kinds the page links or plays, built in code so the test needs no
// binary fixtures. Each is only its format's magic bytes and padding, which is what the SDK and the
// sandbox check: the page links to them or gives them to a player, it never decodes them.

const zeros = (n) => Buffer.alloc(n);

export const FILES = {
  // An `ftyp` box (brand mp42) and nothing to play: the page only links the player to it.
  'kitchen.mp4': Buffer.concat([Buffer.from('\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom', 'latin1'), zeros(100)]),
  'menu.pdf': Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1'),
  // An ID3v2 tag header, then silence.
  'welcome.mp3': Buffer.concat([Buffer.from('ID3\x03\x00\x00\x00\x00\x00\x00', 'latin1'), zeros(200)]),
};
