/* talkwords.c: the 250 most frequent words of PocketSphinx's US English
 * language model (en-us.lm.bin, by unigram probability), the words of
 * ordinary talk. The recogniser's "not a command" path is a loop over those
 * of them that are not in any command phrase (asr.c). Generated with
 * tests/tools/lm_top_words.c /usr/share/pocketsphinx/model/en-us/en-us.lm.bin 250. */
#include "talkwords.h"

const char *const asr_talk_words[] = {
    "the", "to", "i", "and", "a", "of", "you", "that", "in", "it", "is", "for", "but",
    "know", "was", "have", "they", "on", "like", "be", "not", "it's", "so", "with",
    "are", "one", "this", "he", "yeah", "just", "my", "we", "as", "what", "if", "do",
    "at", "or", "don't", "about", "i'm", "all", "think", "there", "would", "from",
    "two", "me", "people", "can", "your", "get", "out", "no", "that's", "said", "up",
    "more", "when", "an", "had", "right", "well", "hundred", "really", "has",
    "thousand", "will", "oh", "because", "how", "time", "them", "she", "been", "by",
    "some", "who", "their", "his", "were", "now", "then", "go", "good", "mean", "than",
    "going", "her", "see", "could", "much", "other", "you're", "five", "got", "three",
    "even", "too", "only", "want", "did", "him", "something", "very", "where", "here",
    "way", "which", "nine", "lot", "make", "say", "first", "years", "back", "any",
    "new", "our", "also", "over", "into", "ah", "i've", "they're", "year", "thing",
    "still", "four", "should", "work", "things", "those", "take", "us", "most",
    "didn't", "why", "these", "never", "twenty", "there's", "need", "after", "being",
    "can't", "okay", "little", "down", "kind", "point", "actually", "many", "day",
    "off", "come", "same", "six", "before", "last", "he's", "look", "sure", "eight",
    "money", "doing", "pretty", "around", "seven", "always", "guess", "dollars", "life",
    "long", "yes", "better", "probably", "every", "we're", "world", "does", "anything",
    "maybe", "school", "great", "find", "doesn't", "though", "made", "big", "feel",
    "through", "thirty", "cause", "game", "old", "put", "use", "different", "stuff",
    "ten", "home", "may", "might", "used", "am", "thought", "while", "best", "since",
    "man", "love", "own", "getting", "another", "fifty", "few", "bad", "give", "part",
    "percent", "live", "family", "i'll", "tell", "ever", "gonna", "again", "went",
    "someone", "help", "i'd", "keep", "everything", "try", "play", "hard", "done",
    "enough", "trying", "next", "end", "away", "its", "place", "far", "forty", "talk",
    "both", "ninety",
};
const size_t asr_talk_words_n = sizeof asr_talk_words / sizeof asr_talk_words[0];
