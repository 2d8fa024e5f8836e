//! Comment texts of realistic length: 40 to 80 words drawn from sentences
//! a reader of the Seyra accord story might write, in English, in Urdu, or
//! in English with an Urdu sentence, sometimes quoting, sometimes in two
//! paragraphs.

const ENGLISH: &[&str] = &[
    "The minimum flow figures look reasonable on paper, but the real test comes in the first dry August.",
    "My family has farmed below Varn Crossing for three generations, and we have heard promises like this before.",
    "Reopening the bridge matters more to the market towns than anything written in the annexes.",
    "Who actually reads the gauge, and what happens when the two readings disagree?",
    "Nobody asked the irrigation cooperatives what they needed, even though they carry most of the cost.",
    "Half the wells in our village ran dry last summer, so every cubic metre counts.",
    "I would like to see the full text of the six annexes published, not just a summary for the press.",
    "Trust between the two capitals will be built by years of dull compliance, not by one signing ceremony.",
    "Thank you for a report that mentions the people downstream and not only the ministers.",
    "The review mechanism sounds thin, because a monthly reading is a long time in a heatwave.",
    "Fair point, but the channels on the Kelmar bank were crumbling long before the dispute began.",
    "As a fisherman I care about the flow because it decides whether I work, not who wins the argument.",
    "Good news for once, and I hope your reporters keep following this story through the summer.",
    "The accord says nothing about the aquifer, which is where the real shortage is hiding.",
];

const URDU: &[&str] = &[
    "یہ معاہدہ کاغذ پر اچھا لگتا ہے، لیکن اصل امتحان گرمیوں میں ہوگا جب دریا میں پانی کم ہو جائے گا۔",
    "میرے والد نے چالیس سال اسی وادی میں کھیتی کی، اور انہوں نے ایسے کئی وعدے ٹوٹتے دیکھے ہیں۔",
    "پل دوبارہ کھلنے سے بازاروں میں رونق واپس آئے گی اور دونوں کناروں کے لوگ پھر سے مل سکیں گے۔",
    "حکومت کو چاہیے کہ پانی کی پیمائش کے اعداد و شمار ہر مہینے عوام کے سامنے رکھے۔",
    "کسانوں سے کسی نے مشورہ نہیں کیا، حالانکہ سب سے زیادہ نقصان انہی کا ہوا تھا۔",
    "اگر نہروں کی مرمت وقت پر نہ ہوئی تو یہ سارا پانی راستے میں ہی ضائع ہو جائے گا۔",
    "ہمارے گاؤں میں پچھلے سال آدھے کنویں سوکھ گئے تھے، اس لیے ہر قطرہ قیمتی ہے۔",
    "دونوں دارالحکومتوں کے درمیان اعتماد ایک دستخط سے نہیں، برسوں کے عمل سے بنتا ہے۔",
    "بہت شکریہ، یہ پہلی رپورٹ ہے جس میں دریا کے نچلے حصے کے لوگوں کی بات بھی لکھی گئی۔",
    "آپ کی بات درست ہے، لیکن خشک سالی کا فیصلہ کون کرے گا اور کس پیمانے پر؟",
    "میں ماہی گیر ہوں، اور ہمارے لیے دریا کا بہاؤ روزی کا سوال ہے، سیاست کا نہیں۔",
    "چھ ضمیموں کا پورا متن شائع ہونا چاہیے تاکہ ہر شہری خود پڑھ سکے۔",
];

const ARABIC: &[&str] = &[
    "وقّع البلدان اتفاق تقاسم مياه النهر بعد تسعة عشر شهرًا من المفاوضات الشاقة.",
    "يقول المزارعون إن الحصص المكتوبة على الورق لا تعني شيئًا إذا جفّت القنوات في آب.",
    "أعادت السلطات فتح الجسر القديم، فعادت الحركة إلى أسواق المدن الصغيرة على الضفتين.",
    "طالب الصيادون بنشر قراءات مقياس النهر كل شهر حتى يعرف الجميع ما يجري.",
    "تضرّرت المكتبة في حريق قبل ثلاث سنوات، وأنهى المرمّمون إصلاح ألفي مخطوطة.",
    "لم يستشر أحد تعاونيات الري، مع أنها تتحمّل معظم كلفة صيانة القنوات.",
    "الثقة بين العاصمتين تُبنى بسنوات من الالتزام الهادئ، لا بحفل توقيع واحد.",
    "نصف آبار قريتنا جفّ الصيف الماضي، لذلك كل متر مكعب من الماء مهم.",
];

/// A small deterministic generator (SplitMix64), so every run seeds the
/// same discussions.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        let n = u64::try_from(n.max(1)).unwrap_or(u64::MAX);
        usize::try_from(self.next() % n).unwrap_or(0)
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// One comment's Markdown: 40 to 90 words, about 60 on average.
pub fn comment(rng: &mut Rng) -> String {
    let target = 40 + rng.below(31);
    let (main, other) = match rng.below(20) {
        0..=10 => (ENGLISH, None),
        11..=16 => (URDU, None),
        _ => (ENGLISH, Some(URDU)),
    };
    let words = |s: &str| s.split_whitespace().count();
    let mut unused: Vec<usize> = (0..main.len()).collect();
    // Quoting a sentence of the article or of the comment answered.
    let quote = rng.chance(12).then(|| main[unused.swap_remove(rng.below(unused.len()))]);
    let aside = other.map(|other| other[rng.below(other.len())]);
    let mut count = quote.map_or(0, words) + aside.map_or(0, words);
    let mut sentences = Vec::new();
    while count < target && !unused.is_empty() {
        let sentence = main[unused.swap_remove(rng.below(unused.len()))];
        count += words(sentence);
        sentences.push(sentence);
    }
    if let Some(aside) = aside {
        sentences.insert(rng.below(sentences.len() + 1), aside);
    }
    let mut text = quote.map(|q| format!("> {q}\n\n")).unwrap_or_default();
    let split = if sentences.len() > 3 && rng.chance(40) { sentences.len() / 2 } else { usize::MAX };
    for (index, sentence) in sentences.iter().enumerate() {
        if index > 0 {
            text.push_str(if index == split { "\n\n" } else { " " });
        }
        text.push_str(sentence);
    }
    text
}

/// A story for the search benchmark: a headline, five paragraphs of
/// sentences in one language, and that language.
pub fn story(rng: &mut Rng) -> (String, String, &'static str) {
    let (sentences, language) = match rng.below(10) {
        0..=5 => (ENGLISH, "en"),
        6..=7 => (URDU, "ur"),
        _ => (ARABIC, "ar"),
    };
    let headline: Vec<&str> = sentences[rng.below(sentences.len())].split_whitespace().take(9).collect();
    let paragraphs: Vec<String> =
        (0..5).map(|_| (0..4).map(|_| sentences[rng.below(sentences.len())]).collect::<Vec<_>>().join(" ")).collect();
    (headline.join(" ").trim_end_matches(['.', ',', '،', '۔']).to_owned(), paragraphs.join("\n\n"), language)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_forty_to_ninety_words() {
        let mut rng = Rng::new(7);
        for _ in 0..1000 {
            let text = comment(&mut rng);
            let words = text.split_whitespace().filter(|w| *w != ">").count();
            assert!((40..=90).contains(&words), "{words} words: {text}");
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_text() {
        assert_eq!(comment(&mut Rng::new(1)), comment(&mut Rng::new(1)));
    }
}
