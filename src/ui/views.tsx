// The TUI's frame drawn by Ink: the rows of frame.ts, one <Text> each. Every row is already cut to the
// terminal's width and the frame is one line shorter than the terminal, so Ink redraws it in place (no
// flicker, no scrolling) at 80×24 and larger, over the same cells the pre-Ink paint (tui.ts) used.
import React from 'react';
import { Box, Text } from 'ink';
import { frame, type FrameProps } from './frame';

export type ScreenProps = FrameProps;

export function Screen(props: ScreenProps): React.ReactElement {
  const rows = frame(props);
  return (
    <Box flexDirection="column" width={props.cols} height={rows.length}>
      {rows.map((row, i) => (
        <Text key={i} wrap="truncate">
          {row.map((s, j) => (
            <Text key={j} bold={s.bold} dimColor={s.dim} inverse={s.inverse} color={s.color}>
              {s.text}
            </Text>
          ))}
        </Text>
      ))}
    </Box>
  );
}
