namespace Vargo.DemoData;

/// <summary>
/// The line of shop copy that says what a product of a leaf is for and who buys it, as a real catalog's descriptions do
/// ("a weekend bag for…", "a gift for…"). Written from what such products are used for, not from any search query.
/// Each product gets one of its leaf's lines, picked by a hash of its SKU, so adding or changing a line never shifts the
/// generator's random sequence (names, prices and stock stay what they were).
/// </summary>
internal static class DemoProductUses
{
    private static readonly Dictionary<string, string[]> BySlug = new(StringComparer.Ordinal)
    {
        ["mens-t-shirts"] =
        [
            "An everyday tee for weekends, layering under a shirt or a jumper, and warm summer days.",
            "A wardrobe staple men wear to the gym, the office on a casual Friday or a barbecue.",
            "A simple short-sleeve top that makes an easy gift for a husband, dad or brother.",
        ],
        ["mens-jackets"] =
        [
            "A coat for the commute, autumn walks and wet, windy days.",
            "Outerwear for men that keeps out rain and cold on the way to work or on a hike.",
            "A jacket to throw on over a jumper for the school run, the pub or a day out.",
        ],
        ["mens-jeans"] =
        [
            "Denim trousers for men that go from work to the weekend.",
            "Everyday pants that stand up to work, DIY and long days on your feet.",
            "A pair of jeans to wear with a tee, a shirt or boots, all year round.",
        ],
        ["womens-dresses"] =
        [
            "A dress for weddings, parties, date nights and summer holidays.",
            "Women's clothing for the office, a garden party or an evening out.",
            "An easy one-piece outfit for warm days, brunch and special occasions.",
        ],
        ["womens-tops"] =
        [
            "A women's top for work, dinner out or dressing up jeans.",
            "A shirt to wear to the office, tucked into a skirt or under a blazer.",
            "A pretty blouse for everyday wear, holidays and occasions.",
        ],
        ["womens-leggings"] =
        [
            "Women's workout tights for yoga, the gym, running and pilates.",
            "Comfortable stretchy pants for exercise, lounging at home or travel.",
            "Activewear bottoms that stay put through squats, spin class and long walks.",
        ],
        ["running-shoes"] =
        [
            "Road running trainers for jogging, parkrun, 10Ks and marathon training.",
            "Sneakers made for runners: daily runs, treadmill sessions and race day.",
            "Cushioned sports shoes for beginners starting to jog and for seasoned runners.",
        ],
        ["trail-running-shoes"] =
        [
            "Off-road trainers for running on muddy trails, hills and forest paths.",
            "Grippy shoes for trail runs, fell running and fast hikes over rough ground.",
            "Trail shoes that keep their footing on wet grass, gravel and rocky mountain tracks.",
        ],
        ["training-shoes"] =
        [
            "Gym trainers for weightlifting, CrossFit, HIIT classes and workouts.",
            "Cross-training shoes for the gym floor, circuits and fitness classes.",
            "Stable workout sneakers for lifting weights, jumping and agility drills.",
        ],
        ["sneakers"] =
        [
            "Casual trainers for everyday wear with jeans, shorts or a dress.",
            "Lifestyle sneakers for walking around town, travel and weekends.",
            "Comfortable everyday shoes that go with almost any outfit.",
        ],
        ["boots"] =
        [
            "Boots for winter, rain, snow, muddy dog walks and country walks.",
            "Leather boots that keep your feet dry and warm in cold, wet weather.",
            "Sturdy footwear for hiking, work and autumn days out.",
        ],
        ["sandals"] =
        [
            "Summer footwear for the beach, the pool, holidays and hot days.",
            "Open shoes for warm weather: flip-flop comfort with a strap that stays on.",
            "Sandals for travel, walking around a city in the heat and summer evenings.",
        ],
        ["kids-sneakers"] =
        [
            "Children's trainers for school, the playground, running and sport.",
            "Shoes for kids and toddlers that are easy to put on and built to take a beating.",
            "Sneakers for boys and girls: PE, park days and everyday play.",
        ],
        ["headphones"] =
        [
            "Wireless earphones and headphones for music, podcasts, calls and travel.",
            "Headphones that block out noise on flights, trains and in an open-plan office.",
            "Over-ear and in-ear audio for gaming, the gym, studying and the commute.",
        ],
        ["bluetooth-speakers"] =
        [
            "A wireless portable speaker for parties, the beach, camping and the garden.",
            "Music from your phone anywhere: the shower, picnics, the kitchen or a road trip.",
            "A loud, waterproof speaker to take to the pool, the park or a barbecue.",
        ],
        ["soundbars"] =
        [
            "A TV speaker that upgrades the sound of films, sport and games at home.",
            "Home cinema audio for the living room: clearer dialogue and deeper bass.",
            "A sound bar under the television for movie nights and surround sound.",
        ],
        ["laptops"] =
        [
            "A notebook computer for work, university, school, gaming and travel.",
            "A portable PC for students, working from home, coding and video editing.",
            "A laptop for browsing, email, streaming and office work on the go.",
        ],
        ["monitors"] =
        [
            "A computer screen for a home office, gaming, design work and a second display.",
            "A big display for working from home, spreadsheets, photo editing and games.",
            "An external screen to plug a laptop or PC into at your desk.",
        ],
        ["keyboards"] =
        [
            "A computer keyboard for typing, coding, gaming and the home office.",
            "A mechanical or wireless keyboard for writers, programmers and gamers.",
            "A comfortable desk keyboard for long days of typing on a PC, Mac or tablet.",
        ],
        ["mice"] =
        [
            "A computer mouse for the office, gaming and working on a laptop.",
            "A wireless or wired mouse that is comfortable for long hours at a desk.",
            "An ergonomic pointing device for PC, Mac and travel.",
        ],
        ["smartphones"] =
        [
            "A mobile phone for calls, photos, video, apps and social media.",
            "A cell phone with a great camera, long battery life and 5G.",
            "An unlocked smartphone for work, travel and staying in touch with family.",
        ],
        ["tablets"] =
        [
            "A tablet for reading, streaming, drawing, note-taking and video calls.",
            "A touchscreen device for kids, students, travel and watching films in bed.",
            "A lightweight tablet for e-books, browsing and schoolwork.",
        ],
        ["frying-pans"] =
        [
            "A pan for frying eggs, pancakes, bacon, omelettes and stir-fries.",
            "A non-stick or cast-iron skillet for searing steak and everyday cooking.",
            "A frying pan for breakfast, quick dinners and sauteing vegetables on any stove.",
        ],
        ["saucepans"] =
        [
            "A pot for boiling pasta, rice, eggs and vegetables, or making sauces and soup.",
            "A saucepan with a lid for heating milk, porridge, custard and gravy on the stove.",
            "Everyday cookware for simmering, boiling and reheating.",
        ],
        ["dutch-ovens"] =
        [
            "A heavy casserole pot for stews, soups, braises, chilli and baking bread.",
            "A cast iron pot for slow cooking, pot roasts and no-knead sourdough loaves.",
            "A lidded casserole dish that goes from stovetop to oven for one-pot meals.",
        ],
        ["coffee-makers"] =
        [
            "A coffee machine for espresso, lattes, cappuccinos or a pot of filter coffee.",
            "Brews fresh coffee at home or in the office every morning.",
            "A coffee brewer for caffeine lovers: from a single cup to a full carafe.",
        ],
        ["blenders"] =
        [
            "A blender for smoothies, protein shakes, soups, sauces and frozen drinks.",
            "A kitchen appliance that blends fruit, crushes ice and purees baby food.",
            "Makes milkshakes, nut butters and margaritas in seconds.",
        ],
        ["toasters"] =
        [
            "A toaster for bread, bagels, crumpets and waffles at breakfast.",
            "Makes toast for the family every morning, evenly browned.",
            "A kitchen counter toaster for quick breakfasts and snacks.",
        ],
        ["lamps"] =
        [
            "A light for the bedside, the desk, reading in an armchair or the living room.",
            "A table or floor lamp that gives cosy light for reading and evenings.",
            "Home lighting for a study, a nursery or a dark corner.",
        ],
        ["throw-pillows"] =
        [
            "Decorative cushions for the sofa, the couch, an armchair or the bed.",
            "A soft cushion that adds colour and comfort to a living room.",
            "A throw cushion for a cosy reading nook or a housewarming gift.",
        ],
        ["wall-clocks"] =
        [
            "A clock to hang on the wall of a kitchen, living room, office or classroom.",
            "A quiet timepiece for the bedroom or study, easy to read at a glance.",
            "Wall decor that tells the time: a housewarming gift for a new home.",
        ],
        ["tents"] =
        [
            "A tent for camping trips, festivals, backpacking and family holidays.",
            "Shelter for a night outdoors: weekends in the woods, campsites and hikes.",
            "A camping tent that keeps you dry in rain and wind.",
        ],
        ["sleeping-bags"] =
        [
            "A warm sleeping bag for camping, backpacking, festivals and sleepovers.",
            "Keeps you warm on cold nights in a tent or under the stars.",
            "A packable bag to sleep in on hiking trips and scout camps.",
        ],
        ["hiking-backpacks"] =
        [
            "A rucksack for day hikes, trekking, travel and carrying gear on the trail.",
            "A pack for hill walking, camping trips and backpacking holidays.",
            "A comfortable backpack for a long walk with water, snacks and layers.",
        ],
        ["yoga-mats"] =
        [
            "A non-slip mat for yoga, pilates, stretching and home workouts.",
            "An exercise mat for floor workouts, meditation and fitness classes.",
            "A cushioned mat that protects knees and joints during practice.",
        ],
        ["dumbbells"] =
        [
            "Free weights for strength training, toning arms and home gym workouts.",
            "Hand weights for building muscle: curls, presses, lunges and rows.",
            "Weights for lifting at home or in the gym, for beginners and pros.",
        ],
        ["resistance-bands"] =
        [
            "Exercise bands for strength training, physio, stretching and travel workouts.",
            "Elastic workout bands for glutes, legs and arms at home.",
            "A light, portable way to train muscles and rehab injuries anywhere.",
        ],
        ["bike-helmets"] =
        [
            "A cycling helmet for commuting, road riding, mountain biking and kids' bikes.",
            "Head protection for riding a bicycle, e-bike or scooter safely.",
            "A lightweight helmet for cyclists on the road and on trails.",
        ],
        ["bike-lights"] =
        [
            "Front and rear lights for cycling at night and in winter commutes.",
            "A bicycle light so drivers see you in the dark, rain and fog.",
            "A rechargeable light for safe riding after sunset.",
        ],
        ["mystery-thriller"] =
        [
            "A crime novel and page-turner for fans of detective stories and suspense.",
            "A gripping book to read on holiday, on the train or at bedtime.",
            "A murder mystery for readers who love whodunits and plot twists.",
        ],
        ["science-fiction"] =
        [
            "A sci-fi novel of space, aliens, robots and the future.",
            "A science fiction book for fans of space opera and big ideas.",
            "A novel of other worlds and future technology for a curious reader.",
        ],
        ["fantasy"] =
        [
            "A fantasy novel of magic, dragons, quests and kingdoms.",
            "An epic story of wizards and heroes for readers of all ages.",
            "A book to get lost in: swords, sorcery and a world of its own.",
        ],
        ["cookbooks"] =
        [
            "A recipe book for home cooks: weeknight dinners, baking and family meals.",
            "A cookery book that teaches you to cook, from beginners to keen chefs.",
            "Recipes and kitchen inspiration; a gift for someone who loves cooking.",
        ],
        ["programming"] =
        [
            "A coding book for software developers learning a language or a framework.",
            "A computer science book on writing better code, algorithms and software design.",
            "Learn to program: a guide for beginners and experienced engineers.",
        ],
        ["history"] =
        [
            "A non-fiction history book about wars, empires, kings and the past.",
            "A history of the world's great events and the people who shaped them.",
            "Non-fiction for readers curious about ancient and modern history.",
        ],
        ["self-improvement"] =
        [
            "A self-help book about habits, productivity, motivation and well-being.",
            "A personal development book for a fresh start, confidence and better focus.",
            "Advice on mindset, stress, happiness and building good routines.",
        ],
    };

    /// <summary>One line of use copy for a product of <paramref name="leafSlug"/>; empty for a leaf without any.</summary>
    public static string For(string leafSlug, string sku) =>
        BySlug.TryGetValue(leafSlug, out var lines) ? lines[(int)(StableHash.Fnv1a(sku) % (uint)lines.Length)] : "";
}
