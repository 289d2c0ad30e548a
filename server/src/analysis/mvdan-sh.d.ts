// Minimal typings for the parts of mvdan-sh (the JavaScript build of mvdan/sh) that InitLens uses.
declare module 'mvdan-sh' {
  export interface ShPos {
    Offset(): number;
    Line(): number;
    Col(): number;
  }
  export interface ShNode {
    Pos(): ShPos;
    End(): ShPos;
    // biome-ignore lint/suspicious/noExplicitAny: mvdan-sh's syntax nodes are untyped GopherJS objects
    [key: string]: any;
  }
  export interface ShParser {
    Parse(src: string, name: string): ShNode;
  }
  export const syntax: {
    NewParser(...options: unknown[]): ShParser;
    NodeType(node: ShNode): string;
    Walk(node: ShNode, fn: (node: ShNode | null) => boolean): void;
    Variant(lang: unknown): unknown;
    LangBash: unknown;
    LangPOSIX: unknown;
  };
}
