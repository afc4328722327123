# docbao's messages while reading, in English. Each id is also in ../vi/docbao.ftl; a unit
# test (src/cli/messages.rs) checks that both files parse and hold the same ids.
# Numbers and times come formatted ($speed is "1.5×", $at is "0:42").

## Plain mode: one line per event.

reading-start = reading { $sentences } { $sentences ->
        [one] sentence
       *[other] sentences
    }, { $length }, voice { $voice }, speed { $speed }
article-heading = article { $number } of { $count }: { $title }
article-number = article { $number } of { $count }
sentence-number = sentence { $number } of { $count }
paused-at = paused at { $at }
playing-from = playing from { $at }
sentence-at = sentence { $number } of { $count }, at { $at }
speed-changed = speed { $speed }, { $wpm } words a minute
muted = muted
volume-changed = volume { $percent }%
finished = finished
error-line = error: { $message }

## "where" (the i key): the state, then the times.

state-playing = playing
state-paused = paused
state-finished = finished
where = { $state }, sentence { $number } of { $count }, speed { $speed }{ $sleep }, at { $at } of { $total }
where-sleep-due = , sleeping after this sentence
where-sleep-in = , sleeping in { $length }

## The sleep timer.

sleep-set = sleep timer: { $length }
sleep-off = sleep timer off
sleep-soon = sleeping in { $length }
sleep-due = sleep timer: stopping after this sentence
sleep-stopped = sleep timer: stopped

## Lengths in words, as a screen reader says them well.

seconds = { $n ->
        [one] 1 second
       *[other] { $n } seconds
    }
minutes = { $n ->
        [one] 1 minute
       *[other] { $n } minutes
    }
hours = { $n ->
        [one] 1 hour
       *[other] { $n } hours
    }
about = about { $length }

## What cannot be done, and what can.

no-such-sentence = no sentence { $asked }; { $count ->
        [one] there is 1 sentence: give 1
       *[other] there are { $count } sentences: give 1 to { $count }
    }
past-the-end = { $asked } is past the end; the reading is { $length } long
past-the-end-estimated = { $asked } is past the end; the reading is { $length } long (about, while it is still estimated)
last-sentence = this is the last sentence ({ $count } of { $count })
from-the-beginning = { $line }; reading from the beginning
next-article-hint = { $line }; > goes to the next article
first-article = this is the first article ({ $number } of { $count })
last-article = this is the last article ({ $number } of { $count })
one-article = there is one article: name more to read them in a row (docbao read a.txt b.html)
article-skipped = article { $number } of { $count } ({ $item }) was skipped: { $reason }
line-not-text = skipped a line that is not UTF-8 text: not a command
line-too-long = skipped a line of more than { $bytes } bytes: not a command

## Resuming, and where the reading stopped.

resuming = resuming at sentence { $number } of { $count } ({ $at }); --from-start to begin again
stopped-at = stopped at { $at } of { $total }, sentence { $number } of { $count }{ $article }; { $hint }
stopped-slept = stopped at { $at } of { $total }, sentence { $number } of { $count }{ $article }, for the sleep timer; { $hint }
stopped-after-article = stopped after article { $number } of { $count }, for the sleep timer; { $hint }
stopped-before-load = stopped before article { $number } of { $count } ({ $item }) was loaded
of-article = , article { $number } of { $count }
go-on = to go on: { $command }
go-on-unsaved = to go on: { $command } (the place was not saved)
go-on-stdin = to go on, pipe the same text again into: { $command } (it resumes there)
go-on-stdin-unsaved = to go on, pipe the same text again into: { $command }

## Help: plain-mode commands (English, then Vietnamese) and the terminal view's keys.

help-commands = commands: { $commands }
help-articles = ; articles: next article, previous article (bài sau, bài trước; > and <)
keys-1 = space, p  pause / play      ← →  5 s back / forward    ↓ ↑  60 s back / forward
keys-2 = , .       previous / next sentence (also Ctrl+← Ctrl+→, PgUp PgDn); Home: start
keys-3 = < >       previous / next article (when reading several)
keys-4 = {"[ ]"}       slower / faster; Backspace: normal speed     9 0  volume down / up; m: mute
keys-5 = s         sleep timer +10 min (S: off)                 i    where am I
keys-6 = ?         this help                                    q    quit

## The status line of the terminal view.

status-article = article { $number }/{ $count }
status-muted = muted
status-volume = volume { $percent }%
status-sleep-due = sleep after this sentence
status-sleep = sleep { $left }

## Plain-mode commands that cannot be carried out (the same words as the library's
## CommandError, which English listeners get).

not-a-command = '{ $given }' is not a command; try { $commands }
bad-seek = '{ $given }': seek takes a time (seek 1:30, seek 90) or a move (seek +30, seek -10)
bad-sentence = '{ $given }': sentence takes a sentence number from 1 (sentence 5)
bad-speed = '{ $given }': speed takes a factor of the normal speed from 0.25 to 6 (speed 1.5, speed 150%) or words a minute from 80 to 900 with wpm (speed 300wpm)
bad-sleep = '{ $given }': sleep takes a time to listen before it stops (sleep 20m, sleep 20 for minutes, sleep 1h), more time (sleep +10) or off (sleep off)
bad-volume = '{ $given }': volume takes a percentage from 0 to 150 (volume 80) or a change (volume +10, volume -10)

## The errors a listener meets most, and their hints (English listeners get the library's
## own sentences, which these repeat).

err-not-found = { $origin } does not exist
hint-not-found = check the file name and the folder you are in
err-empty = { $origin } has no text to read (it is empty or holds only whitespace and punctuation)
err-no-input = no text to read: name a file or a web address, or pipe text into docbao
err-nothing-to-say = there is nothing to say: no sentence of the document has words to speak
hint-nothing-to-say = check the text with `docbao segment FILE`
err-no-device = no audio output device found
hint-no-device = use --output FILE.wav to save the reading instead of playing it
err-not-responding = the sound server did not answer within { $seconds } seconds
hint-sound-server = check that the sound server (PulseAudio or PipeWire) runs, or use --output FILE.wav
err-config = the config file { $path }, line { $line }: { $message }
hint-config = fix that line or remove it; the settings are voice, rate, volume, plain (off, text, events), language (auto, en, vi) and from_start (true, false)
