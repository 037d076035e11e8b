import type { NoticeBlock } from '../../../core/consent';

/**
 * A notice text as parsed by `noticeBlocks`: headings, paragraphs (inner line breaks kept) and
 * lists, character for character. The caller sets `lang` and `dir` on the surrounding element.
 */
export function NoticeText({ blocks, headingLevel }: { blocks: readonly NoticeBlock[]; headingLevel: 3 | 4 }) {
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  return (
    <div className="notice-text">
      {blocks.map((block, index) => {
        switch (block.kind) {
          case 'heading':
            return <Heading key={index} className="notice-text__heading">{block.text}</Heading>;
          case 'paragraph':
            return <p key={index} className="notice-text__paragraph">{block.text}</p>;
          case 'list':
            return (
              <ul key={index} className="notice-text__list">
                {block.items.map((item, itemIndex) => <li key={itemIndex}>{item}</li>)}
              </ul>
            );
        }
      })}
    </div>
  );
}
