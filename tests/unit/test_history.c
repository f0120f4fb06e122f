/* test_history.c: the session log written and read back. The reader groups
 * records into sessions and skips (and counts) any line that is not a
 * complete record, a torn last line above all; the writer closes a torn
 * line before appending, and refuses a log it cannot write. Progression's
 * rule on its own: no last time, a pin, a routine changed since, the cap. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "session/progress.h"
#include "store/history.h"
#include "store/journal.h"

static void test_known(void)
{
    history *h = NULL;
    coach_diags *d = coach_diags_create();
    CHECK_INT(history_load(COACH_SOURCE_DIR "/tests/data/history/known.jsonl", &h, d), COACH_OK);
    CHECK_INT(history_count(h), 4);
    CHECK_INT(history_bad_lines(h), 1); /* the torn last line */
    const history_session *s1 = history_at(h, 0), *s2 = history_at(h, 1), *s4 = history_at(h, 3);
    CHECK_STR(s1->routine, "day-one");
    CHECK_STR(s1->title, "Day one");
    CHECK_STR(s1->end, "completed");
    CHECK_INT(s1->pain_before, 4);
    CHECK_INT(s1->pain_after, 3);
    CHECK(s1->next_day == NULL);
    CHECK_INT(s1->n_exercises, 2);
    CHECK_STR(s1->exercises[0].planned, "dead-bug");
    CHECK_INT(s1->exercises[0].reps, 8);
    CHECK_INT(s1->exercises[0].sets, 2);
    CHECK_INT(s1->exercises[0].hold, -1);
    CHECK_INT(s1->exercises[0].max_pain, 3);
    CHECK_STR(s1->exercises[1].end, "skipped");
    CHECK_INT(s1->n_pains, 3);
    CHECK_STR(s1->pains[0].when, "before");
    CHECK_STR(s1->pains[1].when, "during");
    CHECK_STR(s1->pains[1].exercise, "dead-bug");
    CHECK_STR(s1->pains[2].when, "after");
    /* 2026-11-02T08:30:00+01:00 is 07:30 UTC */
    CHECK(s1->start_ms == 1793604600000LL);
    CHECK(s1->end_ms == s1->start_ms + 240000);
    CHECK_STR(s2->next_day, "yes");
    CHECK_INT(s2->exercises[1].max_pain, 5);
    CHECK(!s2->exercises[0].eased);
    CHECK_INT(s2->pain_after, 2);
    /* the session the crash cut short: no end, its last exercise unfinished */
    CHECK(s4->end == NULL);
    CHECK(s4->end_ms == -1);
    CHECK_STR(s4->next_day, "no");
    CHECK(s4->exercises[0].end == NULL);
    CHECK_INT(s4->pain_after, -1);
    CHECK(history_last_of(h, "day-one") == s4);
    CHECK(history_last_of(h, "desk-snack") == history_at(h, 2));
    CHECK(history_last_of(h, "nothing") == NULL);
    history_destroy(h);
    /* a log that is not there yet is an empty history, not an error */
    CHECK_INT(history_load("/nonexistent/coach/sessions.jsonl", &h, d), COACH_OK);
    CHECK_INT(history_count(h), 0);
    history_destroy(h);
    /* a folder in its place cannot be read */
    CHECK_INT(history_load(COACH_SOURCE_DIR "/tests", &h, d), COACH_ERR_IO);
    CHECK(h == NULL);
    coach_diags_destroy(d);
}

static void test_bad_lines(void)
{
    static const char text[] =
        "{\"ts\":\"2026-11-02T08:30:00.000+01:00\",\"session\":\"a\",\"event\":\"session_start\"}\n"
        "\n"
        "not json\n"
        "{}\n"
        "[1,2]\n"
        "{\"ts\":\"yesterday\",\"session\":\"a\",\"event\":\"pain\",\"value\":3}\n"
        "{\"ts\":\"2026-11-02T08:30:01Z\",\"session\":\"a\",\"event\":\"pain\",\"value\":11}\n"
        "{\"ts\":\"2026-11-02T08:30:01Z\",\"session\":\"a\",\"event\":\"pain\",\"value\":{\"n\":1}}\n"
        "{\"ts\":\"2026-11-02T08:30:01Z\",\"session\":\"a\",\"event\":\"pain\",\"value\":2} junk\n"
        "{\"ts\":\"2026-11-02T08:30:02Z\",\"session\":\"a\",\"event\":\"pain\",\"value\":2,"
        "\"note\":\"caf\\u00e9 \\\"x\\\" \\\\ \\u0000\"}\n"
        "{\"ts\":\"2026-11-02T08:30:03.5-05:30\",\"session\":\"b\",\"event\":\"session_start\","
        "\"routine\":\"r\",\"ok\":true,\"no\":false,\"x\":null,\"n\":-1.5e3}\n"
        "{\"ts\":\"2026-11-02T08:30:04Z\",\"session\":\"a\",\"event\":\"session_end\",\"reason\":\"stopped\"}\n"
        "{\"ts\":\"2026-11-02T08:30:05Z\",\"session\":\"a\",\"ev";
    history *h = NULL;
    CHECK_INT(history_parse(text, strlen(text), &h), COACH_OK);
    CHECK_INT(history_count(h), 2);
    /* not json, {}, [1,2], bad ts, value 11, an object, junk after, torn */
    CHECK_INT(history_bad_lines(h), 8);
    const history_session *a = history_at(h, 0), *b = history_at(h, 1);
    CHECK_INT(a->n_pains, 1);
    CHECK_INT(a->pains[0].value, 2);
    CHECK_STR(a->end, "stopped");
    CHECK_STR(b->routine, "r");
    /* -05:30 is behind UTC: 08:30:03.5 there is 14:00:03.5 UTC */
    CHECK(b->start_ms == history_parse_time("2026-11-02T14:00:03.500Z"));
    CHECK(history_parse_time("2026-11-02T14:00:03.500") == -1); /* no offset */
    CHECK(history_parse_time("2026-13-02T14:00:03Z") == -1);
    CHECK(history_parse_time(NULL) == -1);
    history_destroy(h);
    CHECK_INT(history_parse("", 0, &h), COACH_OK);
    CHECK_INT(history_count(h), 0);
    history_destroy(h);
}

static void test_journal(void)
{
    char dir[] = "/tmp/coach-test-journal-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char logdir[300], path[400];
    snprintf(logdir, sizeof logdir, "%s/a/b", dir);
    snprintf(path, sizeof path, "%s/%s", logdir, JOURNAL_FILE);
    coach_diags *d = coach_diags_create();
    /* the folders are made, 0700 */
    journal *j = NULL;
    CHECK_INT(journal_open(logdir, &j, d), COACH_OK);
    struct stat st;
    CHECK(stat(logdir, &st) == 0 && (st.st_mode & 0777) == 0700);
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
    journal_close(j);
    /* a torn line is left by a crash */
    int fd = open(path, O_WRONLY | O_APPEND);
    CHECK(fd >= 0);
    const char torn[] = "{\"ts\":\"2026-11-02T08:30:00.000+01:00\",\"sess";
    CHECK(write(fd, torn, strlen(torn)) == (ssize_t)strlen(torn));
    close(fd);
    CHECK_INT(journal_open(logdir, &j, d), COACH_OK);
    journal_begin(j, 1793604600000LL, 48000, "day-one", "Day \"one\"");
    CHECK(strlen(journal_session(j)) > 10);
    action a;
    memset(&a, 0, sizeof a);
    a.type = ACTION_EVENT;
    a.set = a.rep = a.value = a.previous = a.sets = a.reps = a.hold = -1;
    a.name = "session_start";
    CHECK_INT(journal_event(j, &a, d), COACH_OK);
    a.frame = 48000 * 12;
    a.name = "pain";
    a.value = 4;
    CHECK_INT(journal_event(j, &a, d), COACH_OK);
    a.type = ACTION_SAY; /* speech is not logged */
    a.text = "Pain four.";
    CHECK_INT(journal_event(j, &a, d), COACH_OK);
    journal_close(j);
    history *h = NULL;
    CHECK_INT(history_load(path, &h, d), COACH_OK);
    CHECK_INT(history_bad_lines(h), 1); /* the torn line, on its own */
    CHECK_INT(history_count(h), 1);
    const history_session *s = history_at(h, 0);
    CHECK_STR(s->title, "Day \"one\"");
    CHECK_INT(s->pain_before, 4);
    CHECK(s->pains[0].ms == 1793604600000LL + 12000);
    history_destroy(h);
    /* a log that cannot be written: refused with a sentence */
    coach_diags *e = coach_diags_create();
    CHECK_INT(journal_open("/dev/null/coach", &j, e), COACH_ERR_IO);
    CHECK(j == NULL);
    CHECK_INT(coach_diags_count(e), 1);
    coach_diags_destroy(e);
    coach_diags_destroy(d);
    unlink(path);
    rmdir(logdir);
    snprintf(logdir, sizeof logdir, "%s/a", dir);
    rmdir(logdir);
    rmdir(dir);
}

static void test_progress_rule(void)
{
    exercise easy = {0}, mid = {0}, hard = {0};
    easy.id = "easy", mid.id = "mid", hard.id = "hard";
    easy.kind = mid.kind = hard.kind = EX_REPS;
    easy.harder = &mid, mid.easier = &easy, mid.harder = &hard, hard.easier = &mid;
    easy.dose.reps = 6, hard.dose.reps = 5;
    step st = {0};
    st.kind = STEP_EXERCISE;
    st.exercise = &mid;
    st.dose.reps = 8;
    pain_rules pain = {3, 2, 6, 8, 2};
    progress_last ok = {"mid", "mid", 8, -1, 2, "completed", false, -1, false, NULL, -1, NULL, -1, -1, -1, -1,
                        PROGRESS_EASY_UNKNOWN};
    /* no last time: the routine's dose */
    progress_level l = progress_decide(&st, NULL, "yes", -1, &pain);
    CHECK_INT(l.change, PROGRESS_NONE);
    CHECK_INT(l.reps, 8);
    /* tolerated and yes: one more rep, up to half again (12), then harder */
    l = progress_decide(&st, &ok, "yes", 2, &pain);
    CHECK_INT(l.change, PROGRESS_UP);
    CHECK_INT(l.reps, 9);
    CHECK_INT(progress_cap(8), 12);
    progress_last top = ok;
    top.reps = 12;
    l = progress_decide(&st, &top, "yes", 2, &pain);
    CHECK(l.variant == &hard && l.reps == 5 && strcmp(l.field, "variant") == 0);
    /* a rise of 2 over the starting rating, though under 3: step back */
    progress_last rise = ok;
    rise.max_pain = 3;
    l = progress_decide(&st, &rise, "yes", 1, &pain);
    CHECK(l.change == PROGRESS_BACK && l.variant == &easy && l.reps == 6);
    /* skipped, or no answer: keep */
    progress_last skipped = ok;
    skipped.end = "skipped";
    l = progress_decide(&st, &skipped, "yes", 2, &pain);
    CHECK(l.change == PROGRESS_KEEP && l.reps == 8 && l.variant == &mid);
    l = progress_decide(&st, &ok, NULL, 2, &pain);
    CHECK_INT(l.change, PROGRESS_KEEP);
    /* a rating of the last session at any point (the closing one) rose:
     * nothing goes up, and why is told */
    progress_last closing = ok;
    closing.session_max = 7, closing.session_baseline = 1;
    l = progress_decide(&st, &closing, "yes", 1, &pain);
    CHECK(l.change == PROGRESS_KEEP && l.reps == 8 && strcmp(l.reason, "session_pain") == 0);
    closing.session_max = 2; /* a rise of one, under three: up */
    l = progress_decide(&st, &closing, "yes", 1, &pain);
    CHECK_INT(l.change, PROGRESS_UP);
    /* at most one step a week: raised three days ago, held; eight, up */
    progress_last recent = ok;
    recent.raised_days_ago = 3;
    l = progress_decide(&st, &recent, "yes", 2, &pain);
    CHECK(l.change == PROGRESS_KEEP && strcmp(l.reason, "this_week") == 0);
    recent.raised_days_ago = 8;
    l = progress_decide(&st, &recent, "yes", 2, &pain);
    CHECK_INT(l.change, PROGRESS_UP);
    /* "did that feel easy?" (seed 001: progress when exercises "feel too
     * easy"): "no" keeps the dose; "yes" goes up, but still at most once a
     * week and only when tolerated; "no" does not stop a step back */
    progress_last easy_no = ok, easy_yes = ok;
    easy_no.easy = PROGRESS_EASY_NO, easy_yes.easy = PROGRESS_EASY_YES;
    l = progress_decide(&st, &easy_no, "yes", 2, &pain);
    CHECK(l.change == PROGRESS_KEEP && l.reps == 8 && strcmp(l.reason, "not_easy") == 0);
    l = progress_decide(&st, &easy_yes, "yes", 2, &pain);
    CHECK(l.change == PROGRESS_UP && l.reps == 9);
    easy_yes.raised_days_ago = 2;
    l = progress_decide(&st, &easy_yes, "yes", 2, &pain);
    CHECK(l.change == PROGRESS_KEEP && strcmp(l.reason, "this_week") == 0);
    l = progress_decide(&st, &easy_yes, NULL, 2, &pain);
    CHECK_INT(l.change, PROGRESS_KEEP);
    easy_no.max_pain = 5;
    l = progress_decide(&st, &easy_no, "yes", 2, &pain);
    CHECK(l.change == PROGRESS_BACK && l.variant == &easy);
    /* "no" the next day: last time's raise taken back; none: a step back */
    progress_last raised = ok;
    raised.reps = 9, raised.raised = true, raised.raised_field = "reps", raised.raised_from = 8;
    l = progress_decide(&st, &raised, "no", 2, &pain);
    CHECK(l.change == PROGRESS_BACK && l.reps == 8 && l.from == 9 && strcmp(l.reason, "not_settled") == 0);
    raised.variant = "hard", raised.reps = 5, raised.raised_field = "variant", raised.raised_from_variant = "mid";
    l = progress_decide(&st, &raised, "no", 2, &pain);
    CHECK(l.change == PROGRESS_BACK && l.variant == &mid && l.reps == 8);
    l = progress_decide(&st, &ok, "no", 2, &pain);
    CHECK(l.change == PROGRESS_BACK && l.variant == &easy && strcmp(l.reason, "not_settled") == 0);
    /* a log beyond bounds (1000 reps) or beyond what today's routine dose
     * allows (a clinician lowered it): the routine's dose */
    progress_last huge = ok;
    huge.reps = 1000;
    l = progress_decide(&st, &huge, "yes", 2, &pain);
    CHECK(l.change == PROGRESS_NONE && l.reps == 8);
    huge.reps = 13;
    l = progress_decide(&st, &huge, "yes", 2, &pain);
    CHECK(l.change == PROGRESS_NONE && l.reps == 8);
    /* the routine's dose was 10 when the log was written, 8 now: from 8 */
    progress_last lowered = ok;
    lowered.reps = 11, lowered.routine_dose = 10;
    l = progress_decide(&st, &lowered, "yes", 2, &pain);
    CHECK(l.change == PROGRESS_NONE && l.reps == 8);
    lowered.routine_dose = 8; /* unchanged: progression as usual */
    l = progress_decide(&st, &lowered, "yes", 2, &pain);
    CHECK(l.change == PROGRESS_UP && l.reps == 12);
    CHECK_INT(progress_clamp(EX_REPS, false, 70, 48), 50); /* the schema's 50 */
    CHECK_INT(progress_clamp(EX_HOLD, true, 400, 300), 300);
    CHECK_INT(progress_clamp(EX_REPS, false, 0, 8), 1);
    /* pinned, or a variant the routine no longer has: the routine's dose */
    st.pinned = true;
    l = progress_decide(&st, &rise, "yes", 1, &pain);
    CHECK(l.change == PROGRESS_NONE && l.variant == &mid && l.reps == 8);
    st.pinned = false;
    progress_last gone = ok;
    gone.variant = "removed";
    l = progress_decide(&st, &gone, "yes", 2, &pain);
    CHECK_INT(l.change, PROGRESS_NONE);
    /* pain rose with no easier variant: a third less */
    st.exercise = &easy;
    st.dose.reps = 6;
    progress_last easy_rose = {"easy", "easy", 6, -1, 5, "completed", true, -1, false, NULL, -1, NULL, -1, -1, -1, -1,
                               PROGRESS_EASY_UNKNOWN};
    l = progress_decide(&st, &easy_rose, "yes", 2, &pain);
    CHECK(l.change == PROGRESS_BACK && l.reps == 4 && strcmp(l.field, "reps") == 0);
}

/* A tampered log (issue 16): strings are valid UTF-8 or the line goes;
 * controls and bidi overrides become '?'; true and 3.7 are no ratings;
 * sessions are found however many there are. */
static void test_tampered(void)
{
    static const char text[] =
        "{\"ts\":\"2026-11-02T08:30:00Z\",\"session\":\"a\",\"event\":\"session_start\","
        "\"title\":\"A\\u001b[2J\\u202eB\\u0085C\\ud83d\\ude00\\tD\"}\n"
        "{\"ts\":\"2026-11-02T08:30:01Z\",\"session\":\"a\",\"event\":\"pain\",\"value\":true}\n"
        "{\"ts\":\"2026-11-02T08:30:02Z\",\"session\":\"a\",\"event\":\"pain\",\"value\":3.7}\n"
        "{\"ts\":\"2026-11-02T08:30:03Z\",\"session\":\"a\",\"event\":\"pain\",\"value\":2.0}\n"
        "{\"ts\":\"2026-11-02T08:30:04Z\",\"session\":\"b\",\"event\":\"session_start\",\"title\":\"\\ud800\"}\n"
        "{\"ts\":\"2026-11-02T08:30:05Z\",\"session\":\"b\",\"event\":\"session_start\",\"title\":\"\xff\"}\n"
        "{\"ts\":\"2026-11-02T08:30:06Z\",\"session\":\"a\",\"event\":\"exercise_start\",\"reps\":true}\n";
    history *h = NULL;
    CHECK_INT(history_parse(text, strlen(text), &h), COACH_OK);
    CHECK_INT(history_count(h), 1);
    CHECK_INT(history_bad_lines(h), 4); /* true, 3.7, a lone surrogate, a bad byte */
    const history_session *a = history_at(h, 0);
    CHECK_STR(a->title, "A?[2J?B?C\xf0\x9f\x98\x80\tD");
    CHECK_INT(a->n_pains, 1);
    CHECK_INT(a->pains[0].value, 2);
    CHECK_INT(a->exercises[0].reps, -1);
    history_destroy(h);
    /* 20,000 sessions, each record away from the last one's: found by hash */
    size_t cap = 20000 * 200, len = 0;
    char *big = malloc(cap);
    for (int i = 0; big && i < 20000; i++)
        len += (size_t)snprintf(big + len, cap - len,
                                "{\"ts\":\"2026-11-02T08:30:00Z\",\"session\":\"s%d\",\"event\":\"session_start\"}\n"
                                "{\"ts\":\"2026-11-02T08:30:01Z\",\"session\":\"s%d\",\"event\":\"pain\",\"value\":1}\n",
                                i, i / 2);
    CHECK_INT(history_parse(big, len, &h), COACH_OK);
    CHECK_INT(history_count(h), 20000);
    CHECK_INT(history_at(h, 4)->n_pains, 2);
    history_destroy(h);
    free(big);
}

int main(void)
{
    test_known();
    test_bad_lines();
    test_tampered();
    test_journal();
    test_progress_rule();
    CHECK_DONE();
}
