"""Deterministic generator of short, varied English sentences from a small grammar (no external corpus).
The word lists are chosen to cover every English phoneme, with many bilabials (p/b/m), labiodentals (f/v),
dentals (th/dh), rounded vowels and w."""
import random

NAMES = ["Bob", "Mary", "Paul", "Vivian", "Thomas", "Ruth", "Maya", "Ben", "Fiona", "Walter", "Zoe", "George",
         "Judy", "Oscar", "Peggy", "Victor", "Theo", "Wendy", "Hugh", "Agnes", "Kim", "Luke", "Nora", "Sam"]
NOUNS = ["apple", "boat", "bottle", "window", "mother", "father", "brother", "path", "moon", "room", "shoe", "book",
         "bubble", "map", "puppy", "pebble", "valley", "voice", "fish", "phone", "thumb", "thread", "feather",
         "mouth", "wave", "wolf", "queen", "bridge", "judge", "cheese", "garage", "measure", "ocean", "engine",
         "garden", "kitchen", "table", "pillow", "museum", "umbrella", "banana", "computer", "paper", "music",
         "weather", "doctor", "teacher", "farmer", "village", "forest", "river", "mountain", "beach", "market",
         "letter", "picture", "button", "zebra", "yellow car", "blue pool", "oven", "coffee", "tooth", "school",
         "food", "boot", "goose", "hook", "wood", "cook", "toy", "coin", "house", "cloud", "owl", "hat", "cat",
         "bag", "egg", "bed", "pen", "key", "tree", "sheep", "cup", "bus", "sun", "bird", "girl", "nurse",
         "father's old boat", "cheap pair of boots", "box of matches", "bowl of soup", "jar of jam"]
ADJS = ["big", "small", "happy", "purple", "beautiful", "smooth", "rough", "warm", "cold", "heavy", "empty",
        "foolish", "thoughtful", "brave", "bumpy", "wobbly", "fuzzy", "soft", "loud", "quiet", "old", "new",
        "yellow", "blue", "brown", "pink", "black", "white", "green", "orange", "shiny", "muddy", "broken",
        "famous", "funny", "gloomy", "modern", "ancient", "tiny", "huge", "cheap", "open", "thin", "thick"]
VERBS_PAST = ["bought", "pushed", "pulled", "moved", "found", "threw", "washed", "brought", "fixed", "painted",
              "borrowed", "opened", "watched", "wanted", "loved", "bumped", "dropped", "grabbed", "hid", "booked",
              "measured", "chose", "visited", "mopped", "warmed", "followed", "shipped", "poured", "cooked", "zipped"]
VERBS = ["buy", "push", "move", "find", "throw", "wash", "bring", "fix", "paint", "borrow", "open", "watch",
         "love", "drop", "grab", "hide", "measure", "choose", "visit", "follow", "pour", "cook", "fold", "view"]
ADVS = ["quickly", "slowly", "very proudly", "by mistake", "with both hands", "on Monday", "before breakfast",
        "at midnight", "in the morning", "every day", "from the window", "without a word", "for five minutes",
        "many times", "perfectly", "for my mum", "in the rain", "at the museum", "on the boat", "by the pool"]
PLACES = ["to the beach", "to the market", "into the woods", "across the bridge", "through the valley",
          "over the moon", "behind the house", "under the bed", "up the mountain", "around the pool",
          "past the bakery", "toward the river", "out of the room", "back home"]
INTERJ = ["Oh", "Well", "Wow", "Hmm", "Yes", "No", "Look", "Please", "Okay", "Oops", "Whoa", "Boo"]
QW = ["Why", "How", "When", "Where", "Who", "What"]
NUMS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve", "twenty",
        "thirty", "forty", "fifty", "ninety", "a hundred", "a thousand"]


def _np(r):
    n = r.choice(NOUNS)
    pick = r.random()
    if pick < 0.35:
        return "the " + r.choice(ADJS) + " " + n
    if pick < 0.55:
        return r.choice(["my", "your", "his", "her", "our", "their"]) + " " + n
    if pick < 0.7:
        return r.choice(NUMS) + " " + r.choice(ADJS) + " " + n + ("s" if not n.endswith("s") else "")
    return "the " + n


def sentence(r):
    t = r.randrange(12)
    if t == 0:
        s = f"{r.choice(NAMES)} {r.choice(VERBS_PAST)} {_np(r)} {r.choice(ADVS)}."
    elif t == 1:
        s = f"{_np(r).capitalize()} {r.choice(['was', 'is', 'looked', 'seemed', 'became'])} {r.choice(ADJS)}."
    elif t == 2:
        s = f"{r.choice(QW)} did {r.choice(NAMES)} {r.choice(VERBS)} {_np(r)}?"
    elif t == 3:
        s = f"{r.choice(INTERJ)}, {r.choice(['please', 'just', 'never', 'always'])} {r.choice(VERBS)} {_np(r)}!"
    elif t == 4:
        s = f"{r.choice(NAMES)} and {r.choice(NAMES)} walked {r.choice(PLACES)} {r.choice(ADVS)}."
    elif t == 5:
        s = f"I think {_np(r)} {r.choice(VERBS_PAST)} {_np(r)}, but {r.choice(NAMES)} {r.choice(VERBS_PAST)} {_np(r)}."
    elif t == 6:
        s = f"Did you {r.choice(VERBS)} {_np(r)} {r.choice(PLACES)}?"
    elif t == 7:
        s = f"{r.choice(NUMS).capitalize()} {r.choice(ADJS)} {r.choice(NOUNS)}s {r.choice(['moved', 'floated', 'rolled', 'bounced', 'flew'])} {r.choice(PLACES)}."
    elif t == 8:
        s = f"{r.choice(INTERJ)}!"
    elif t == 9:
        s = f"{r.choice(NAMES)} said that {_np(r)} was {r.choice(['very', 'quite', 'far too', 'not'])} {r.choice(ADJS)}."
    elif t == 10:
        s = f"{r.choice(['We', 'They', 'You', 'I'])} {r.choice(['will', 'might', 'should', 'cannot'])} {r.choice(VERBS)} {_np(r)} {r.choice(ADVS)}."
    else:
        s = f"{r.choice(['Maybe', 'Perhaps', 'Obviously', 'Before lunch', 'Meanwhile'])}, {r.choice(NAMES)} {r.choice(VERBS_PAST)} {_np(r)} and {_np(r)}."
    return s


def sentences(n, seed):
    r = random.Random(seed)
    return [sentence(r) for _ in range(n)]


if __name__ == "__main__":
    for s in sentences(12, 1):
        print(s)
