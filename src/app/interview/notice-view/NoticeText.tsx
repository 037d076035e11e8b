import type { NoticeBlock } from '../../../core/consent';
import { IsolatedText } from './IsolatedText';

/**
 * A notice text as parsed by `noticeBlocks`: headings, paragraphs (inner line breaks kept) and
 * lists, character for character. The caller sets `lang` and `dir` on the surrounding element and
 * passes `dir` here too, so that Latin runs in a right-to-left text are isolated.
 */
export function NoticeText({ blocks, headingLevel, dir = 'ltr' }: { blocks: readonly NoticeBlock[]; headingLevel: 3 | 4; dir?: 'ltr' | 'rtl' }) {
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  const text = (value: string) => <IsolatedText text={value} dir={dir} />;
  return (
    <div className="notice-text">
      {blocks.map((block, index) => {
        switch (block.kind) {
          case 'heading':
            return <Heading key={index} className="notice-text__heading">{text(block.text)}</Heading>;
          case 'paragraph':
            return <p key={index} className="notice-text__paragraph">{text(block.text)}</p>;
          case 'list':
            return (
              <ul key={index} className="notice-text__list">
                {block.items.map((item, itemIndex) => <li key={itemIndex}>{text(item)}</li>)}
              </ul>
            );
        }
      })}
    </div>
  );
}
