import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  CodeSnippet,
  InfoCard,
  MarkdownContent,
} from '@backstage/core-components';
import {
  DefaultTemplateOutputs,
  ScaffolderTemplateOutputsComponent,
} from '@backstage/plugin-scaffolder-react/alpha';
import Box from '@material-ui/core/Box';
import { ComponentProps } from 'react';

/** The templates whose run page shows these outputs: the two onboarding templates of `examples/templates`. */
export const ONBOARDING_TEMPLATE_REFS = [
  'onboard-prometheus-edge',
  'onboard-prometheus-edge-github',
].map(name =>
  stringifyEntityRef({ kind: 'Template', namespace: 'default', name }),
);

/** Markdown, or a fenced code block of it. */
export type OutputSegment =
  | { markdown: string }
  | { code: string; language: string };

const FENCE = /^```([\w-]*)[^\n]*\n([\s\S]*?)^```[ \t]*$/gm;

/** Splits markdown at its fenced code blocks. */
export function outputSegments(content: string): OutputSegment[] {
  const segments: OutputSegment[] = [];
  let at = 0;
  for (const match of content.matchAll(FENCE)) {
    const before = content.slice(at, match.index).trim();
    if (before) segments.push({ markdown: before });
    segments.push({
      code: match[2].replace(/\n$/, ''),
      language: match[1] || 'text',
    });
    at = match.index! + match[0].length;
  }
  const rest = content.slice(at).trim();
  if (rest) segments.push({ markdown: rest });
  return segments;
}

/**
 * The run page's outputs of the onboarding templates: the links as usual,
 * and the text with each command in a block that wraps and has a copy
 * button, which the scaffolder's markdown of this release gives neither.
 */
export function OnboardingOutputs(
  props: ComponentProps<ScaffolderTemplateOutputsComponent>,
) {
  const { output } = props;
  if (!output) return null;
  const texts = (output.text ?? []).filter(text => text.content);
  return (
    <>
      <DefaultTemplateOutputs output={{ ...output, text: [] }} />
      {texts.map((text, index) => (
        <Box paddingBottom={2} key={index} data-testid="onboarding-output">
          <InfoCard
            title={text.title}
            titleTypographyProps={{ component: 'h2' }}
          >
            {outputSegments(text.content!).map((segment, part) =>
              'code' in segment ? (
                <CodeSnippet
                  key={part}
                  text={segment.code}
                  language={segment.language}
                  showCopyCodeButton
                  wrapLongLines
                />
              ) : (
                <MarkdownContent key={part} content={segment.markdown} />
              ),
            )}
          </InfoCard>
        </Box>
      ))}
    </>
  );
}
